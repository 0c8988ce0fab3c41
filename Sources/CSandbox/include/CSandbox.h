// Starting a child process in a sandbox. In C because the layers must be set between fork
// and exec, where only raw system calls are safe; a Swift process has threads by then,
// and `unshare(CLONE_NEWUSER)` refuses a process with more than one.
#ifndef SCRIPTDESK_CSANDBOX_H
#define SCRIPTDESK_CSANDBOX_H

#include <stddef.h>
#include <sys/types.h>

/// The layers a sandboxed child was started with, as bits.
enum scriptdesk_sandbox_layer {
    /// Only the descriptors it was given: standard input and output on its channel, standard error on /dev/null.
    SCRIPTDESK_SANDBOX_DESCRIPTORS = 1 << 0,
    /// A user namespace of its own: no privilege over anything outside it.
    SCRIPTDESK_SANDBOX_USER_NAMESPACE = 1 << 1,
    /// A network namespace of its own: no interface but a loopback that is down.
    SCRIPTDESK_SANDBOX_NETWORK_NAMESPACE = 1 << 2,
    /// `PR_SET_NO_NEW_PRIVS`: nothing it runs can gain privileges.
    SCRIPTDESK_SANDBOX_NO_NEW_PRIVILEGES = 1 << 3,
    /// A seccomp filter refusing sockets, tracing and the kernel's keyring, BPF and perf calls.
    SCRIPTDESK_SANDBOX_SECCOMP = 1 << 4,
    /// Landlock: reading only the folders it was allowed, writing nowhere.
    SCRIPTDESK_SANDBOX_LANDLOCK_FILES = 1 << 5,
    /// Landlock: no TCP connect or bind (ABI 4 and later).
    SCRIPTDESK_SANDBOX_LANDLOCK_NETWORK = 1 << 6,
    /// Landlock: no signals to, nor abstract sockets of, processes outside (ABI 6 and later).
    SCRIPTDESK_SANDBOX_LANDLOCK_SCOPE = 1 << 7,
};

/// What to start, and how.
struct scriptdesk_sandbox_spec {
    /// The program's absolute path, its arguments (null-terminated) and its whole
    /// environment (null-terminated).
    const char *executable;
    char *const *arguments;
    char *const *environment;
    /// Becomes the child's standard input and output.
    int channel;
    /// Paths the child may read (and execute) below; missing ones are skipped. It may write
    /// nowhere: what it writes, it writes to descriptors it is handed.
    const char *const *readable;
    size_t readable_count;
};

/// Starts the child. Every layer the kernel offers is applied before the program runs;
/// `layers` receives the bits of those applied. Returns 0, or the errno of the step that
/// failed (then no child is left running).
int scriptdesk_sandbox_spawn(const struct scriptdesk_sandbox_spec *spec, pid_t *pid, unsigned *layers);

/// The layers a child started now would get, found by starting one that applies them and
/// exits at once. Returns 0 or an errno.
int scriptdesk_sandbox_probe(unsigned *layers);

/// The Landlock ABI version the kernel offers, or 0 when it offers none.
int scriptdesk_sandbox_landlock_abi(void);

/// The most descriptors one message carries: Linux's `SCM_MAX_FD`. More must be sent in
/// several messages.
#define SCRIPTDESK_MAXIMUM_DESCRIPTORS 253

/// Sends `length` bytes on the stream socket `socket` with `count` descriptors attached
/// (at most SCRIPTDESK_MAXIMUM_DESCRIPTORS, else EINVAL), in one `sendmsg` (the
/// control-message macros have no Swift form). The descriptors go with the first byte sent.
/// Returns the bytes sent, or -1 with errno.
long scriptdesk_send_with_descriptors(int socket, const void *bytes, size_t length, const int *descriptors, size_t count);

/// Receives up to `capacity` bytes from `socket` and the descriptors sent with them, made
/// close-on-exec, which go to `descriptors` (room for SCRIPTDESK_MAXIMUM_DESCRIPTORS) and
/// their number to `count`. One call returns at most one message's descriptors: Linux ends
/// a read at the first message that carries any. When they did not all fit (the sender's
/// message was larger, or this process had no descriptor numbers left), none is kept and
/// it fails with EMSGSIZE. Returns the bytes received (0 at end of stream), or -1 with errno.
long scriptdesk_receive_with_descriptors(int socket, void *buffer, size_t capacity, int *descriptors, size_t *count);

#endif
