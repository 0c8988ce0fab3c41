#define _GNU_SOURCE
#include "CSandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// Landlock's rights by ABI version. Debian 12's kernel headers stop at ABI 2, so the later
// ones are spelled out here, as the kernel documents them.
#define ACCESS_FS_ABI1 ((1ULL << 13) - 1)
#define ACCESS_FS_REFER (1ULL << 13)
#define ACCESS_FS_TRUNCATE (1ULL << 14)
#define ACCESS_FS_IOCTL_DEV (1ULL << 15)
#define ACCESS_FS_READ (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define ACCESS_FS_FILE_ONLY \
    (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE | ACCESS_FS_TRUNCATE | ACCESS_FS_IOCTL_DEV)
#define ACCESS_NET_BIND_TCP (1ULL << 0)
#define ACCESS_NET_CONNECT_TCP (1ULL << 1)
#define SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define SCOPE_SIGNAL (1ULL << 1)
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

// The ruleset attribute as of ABI 6; older kernels are given only its first fields.
struct ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

// What the child reports on its status pipe: the layers applied, and the errno of the step
// that failed (0 when it is about to run the program).
struct child_status {
    int error;
    unsigned layers;
};

int scriptdesk_sandbox_landlock_abi(void) {
    long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : (int)abi;
}

// Adds a rule allowing `access` below `path` (only the file rights when it is a file);
// a missing path is skipped. Returns 0, or -1 with errno.
static int allow(int ruleset, const char *path, uint64_t access, uint64_t handled) {
    int parent = open(path, O_PATH | O_CLOEXEC);
    if (parent < 0) return 0;
    struct stat status;
    struct landlock_path_beneath_attr rule = {.parent_fd = parent, .allowed_access = access & handled};
    if (fstat(parent, &status) == 0 && !S_ISDIR(status.st_mode)) rule.allowed_access &= ACCESS_FS_FILE_ONLY;
    long added = syscall(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
    int failure = errno;
    close(parent);
    errno = failure;
    return added == 0 ? 0 : -1;
}

// A Landlock ruleset that allows reading (and executing) below the spec's readable paths
// and nothing else of the file system; no TCP; and, from ABI 6, no signals or abstract
// sockets outside. Returns its descriptor, or -1 when the kernel has no Landlock.
static int make_ruleset(const struct scriptdesk_sandbox_spec *spec, unsigned *layers) {
    int abi = scriptdesk_sandbox_landlock_abi();
    if (abi < 1) return -1;
    struct ruleset_attr attr = {.handled_access_fs = ACCESS_FS_ABI1};
    size_t size = sizeof(uint64_t);
    if (abi >= 2) attr.handled_access_fs |= ACCESS_FS_REFER;
    if (abi >= 3) attr.handled_access_fs |= ACCESS_FS_TRUNCATE;
    if (abi >= 4) {
        attr.handled_access_net = ACCESS_NET_BIND_TCP | ACCESS_NET_CONNECT_TCP;
        size = 2 * sizeof(uint64_t);
    }
    if (abi >= 5) attr.handled_access_fs |= ACCESS_FS_IOCTL_DEV;
    if (abi >= 6) {
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL;
        size = sizeof attr;
    }
    int ruleset = (int)syscall(__NR_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0) return -1;
    for (size_t index = 0; spec && index < spec->readable_count; index++) {
        if (allow(ruleset, spec->readable[index], ACCESS_FS_READ, attr.handled_access_fs) != 0) goto failed;
    }
    *layers |= SCRIPTDESK_SANDBOX_LANDLOCK_FILES;
    if (abi >= 4) *layers |= SCRIPTDESK_SANDBOX_LANDLOCK_NETWORK;
    if (abi >= 6) *layers |= SCRIPTDESK_SANDBOX_LANDLOCK_SCOPE;
    return ruleset;
failed: {
    int failure = errno;
    close(ruleset);
    errno = failure;
    return -1;
}
}

#define DENY(call) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (call), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES)

// Refuses, with EACCES, every way out that a PDF checker never needs: sockets (and
// io_uring, which would open them past this filter), tracing and reading other processes,
// namespaces, mounts, the kernel keyring, BPF and perf. A call from another architecture's
// table ends the process.
static struct sock_filter seccomp_filter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
#if defined(__x86_64__)
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
#elif defined(__aarch64__)
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_AARCH64, 1, 0),
#else
#error "no seccomp architecture check for this target"
#endif
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#if defined(__x86_64__)
    BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),  // the x32 table
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
#endif
    DENY(__NR_socket),
    DENY(__NR_socketpair),
    DENY(__NR_io_uring_setup),
    DENY(__NR_ptrace),
    DENY(__NR_process_vm_readv),
    DENY(__NR_process_vm_writev),
    DENY(__NR_unshare),
    DENY(__NR_setns),
    DENY(__NR_mount),
    DENY(__NR_keyctl),
    DENY(__NR_add_key),
    DENY(__NR_request_key),
    DENY(__NR_bpf),
    DENY(__NR_perf_event_open),
    DENY(__NR_userfaultfd),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

// Marks every descriptor from 3 up close-on-exec, so that the program starts with 0, 1 and
// 2 only; one call where the kernel has close_range, else one per possible descriptor.
static int seal_descriptors(void) {
    if (syscall(__NR_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return 0;
    struct rlimit limit;
    rlim_t highest = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY ? limit.rlim_cur : 65536;
    for (rlim_t fd = 3; fd < highest; fd++) fcntl((int)fd, F_SETFD, FD_CLOEXEC);
    return 0;
}

static void report(int pipe_end, int error, unsigned layers) {
    struct child_status status = {.error = error, .layers = layers};
    ssize_t written;
    do {
        written = write(pipe_end, &status, sizeof status);
    } while (written < 0 && errno == EINTR);
}

// The child's side, between fork and exec: raw system calls only. Never returns.
static void enter(const struct scriptdesk_sandbox_spec *spec, int ruleset, unsigned layers, int status_pipe) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (spec) {
        int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null < 0 || dup2(spec->channel, 0) < 0 || dup2(spec->channel, 1) < 0 || dup2(null, 2) < 0) {
            report(status_pipe, errno, layers);
            _exit(127);
        }
    }
    if (unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0) {
        layers |= SCRIPTDESK_SANDBOX_USER_NAMESPACE | SCRIPTDESK_SANDBOX_NETWORK_NAMESPACE;
    } else if (unshare(CLONE_NEWNET) == 0) {
        layers |= SCRIPTDESK_SANDBOX_NETWORK_NAMESPACE;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        report(status_pipe, errno, layers);
        _exit(127);
    }
    layers |= SCRIPTDESK_SANDBOX_NO_NEW_PRIVILEGES;
    if (ruleset >= 0) {
        if (syscall(__NR_landlock_restrict_self, ruleset, 0) != 0) {
            report(status_pipe, errno, layers);
            _exit(127);
        }
    } else {
        layers &= ~(unsigned)(SCRIPTDESK_SANDBOX_LANDLOCK_FILES | SCRIPTDESK_SANDBOX_LANDLOCK_NETWORK | SCRIPTDESK_SANDBOX_LANDLOCK_SCOPE);
    }
    struct sock_fprog program = {.len = sizeof seccomp_filter / sizeof seccomp_filter[0], .filter = seccomp_filter};
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) == 0) layers |= SCRIPTDESK_SANDBOX_SECCOMP;
    seal_descriptors();
    layers |= SCRIPTDESK_SANDBOX_DESCRIPTORS;
    report(status_pipe, 0, layers);
    if (!spec) _exit(0);
    execve(spec->executable, spec->arguments, spec->environment);
    report(status_pipe, errno, layers);
    _exit(127);
}

// Reads one status record; returns 1 when one came, 0 at end of file (the program runs).
static int read_status(int pipe_end, struct child_status *status) {
    size_t got = 0;
    while (got < sizeof *status) {
        ssize_t count = read(pipe_end, (char *)status + got, sizeof *status - got);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) return got == 0 ? 0 : -1;
        got += (size_t)count;
    }
    return 1;
}

static int start(const struct scriptdesk_sandbox_spec *spec, pid_t *pid, unsigned *layers) {
    unsigned planned = 0;
    int ruleset = make_ruleset(spec, &planned);
    int status_pipe[2];
    if (pipe2(status_pipe, O_CLOEXEC) != 0) {
        int failure = errno;
        if (ruleset >= 0) close(ruleset);
        return failure;
    }
    pid_t child = fork();
    if (child == 0) enter(spec, ruleset, planned, status_pipe[1]);
    int failure = errno;
    close(status_pipe[1]);
    if (ruleset >= 0) close(ruleset);
    if (child < 0) {
        close(status_pipe[0]);
        return failure;
    }
    struct child_status status = {0, 0};
    int result = read_status(status_pipe[0], &status);
    if (result == 1 && status.error == 0 && spec) {
        struct child_status after;
        int again = read_status(status_pipe[0], &after);
        if (again != 0) status = again == 1 ? after : (struct child_status){EIO, status.layers};
    }
    close(status_pipe[0]);
    if (result != 1) status.error = result == 0 ? ECHILD : EIO;
    if (status.error != 0 || !spec) {
        int code;
        while (waitpid(child, &code, 0) < 0 && errno == EINTR) {}
        if (status.error != 0) return status.error;
    }
    *pid = child;
    *layers = status.layers;
    return 0;
}

int scriptdesk_sandbox_spawn(const struct scriptdesk_sandbox_spec *spec, pid_t *pid, unsigned *layers) {
    return start(spec, pid, layers);
}

int scriptdesk_sandbox_probe(unsigned *layers) {
    pid_t pid;
    return start(NULL, &pid, layers);
}
