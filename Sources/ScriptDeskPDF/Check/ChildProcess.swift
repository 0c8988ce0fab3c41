import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program with `posix_spawn`, collects its standard output, and kills it at a
/// deadline. It uses no dispatch queue or run loop, so it works the same on a thread pool
/// whose other threads are all busy. Blocks.
struct ChildProcess {
    /// How the child ended.
    enum Ending: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// Most output kept; a checker prints a few kilobytes.
    static let maximumOutput = 16 << 20

    static func run(
        _ executable: String,
        arguments: [String],
        timeout: Duration
    ) throws(PDFCheckRunner.ChildFailure) -> (
        ending: Ending, output: Data, timedOut: Bool
    ) {
        var pipeEnds: [Int32] = [0, 0]
        // A socket pair is made close-on-exec atomically, so no other child spawned meanwhile
        // inherits the write end and holds the output open.
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, kind, 0, &pipeEnds) == 0 else {
            throw .init(description: "no channel to the checker (\(String(cString: strerror(errno))))")
        }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(writeEnd)
        guard status == 0 else {
            throw .init(description: "the checker \(executable) could not be started (\(String(cString: strerror(status))))")
        }
        let (output, timedOut) = collect(from: readEnd, until: ContinuousClock.now + timeout, killing: pid)
        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR {}
        let signal = waitStatus & 0x7F
        return (signal == 0 ? .exited((waitStatus >> 8) & 0xFF) : .signalled(signal), output, timedOut)
    }

    /// Reads until end of file, or kills the child at `deadline` and stops reading.
    private static func collect(from fd: Int32, until deadline: ContinuousClock.Instant, killing pid: pid_t) -> (Data, Bool) {
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else {
                kill(pid, SIGKILL)
                return (output, true)
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 && errno != EINTR { return (output, false) }
            guard ready > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return (output, false) }
            if output.count < maximumOutput { output.append(contentsOf: buffer[0..<count]) }
        }
    }
}
