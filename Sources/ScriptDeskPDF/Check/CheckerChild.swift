import Foundation
import ScriptDeskCore

#if canImport(Glibc)
import Glibc
#endif

/// One `scriptdesk check --serve` child process and the socket it reads requests from and
/// writes reports to, one JSON line each. Used by one thread at a time: the pool hands it
/// over under its lock, which is what makes the unchecked `Sendable` sound.
final class CheckerChild: @unchecked Sendable {
    let pid: pid_t
    private let socket: Int32
    private var pending: [UInt8] = []
    /// Whether the child has been waited for: its pid may then belong to another process.
    private var reaped = false
    /// Checks this child has answered.
    private(set) var checks = 0

    private init(pid: pid_t, socket: Int32) {
        self.pid = pid
        self.socket = socket
    }

    /// Starts `executable check --serve` with its limits. Its standard input and output are
    /// one end of a socket pair, made close-on-exec atomically so that no other child
    /// spawned meanwhile inherits it; standard error goes to /dev/null.
    static func spawn(_ executable: String, limits: PDFCheckRunner.Limits) throws(CheckerFailure) -> CheckerChild {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw CheckerFailure("no channel to the checker (\(String(cString: strerror(errno))))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [
            executable, "check", "--serve", "--memory-limit-mb", "\(limits.memoryMB)", "--cpu-limit-seconds", "\(limits.cpuSeconds)",
        ]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        // A checker that crashes is replaced at once: no Swift backtrace, which under the
        // memory limit could take longer than the check itself.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for entry in envp { free(entry) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(ends[1])
        guard status == 0 else {
            close(ends[0])
            throw CheckerFailure("the checker \(executable) could not be started (\(String(cString: strerror(status))))")
        }
        return CheckerChild(pid: pid, socket: ends[0])
    }

    /// Sends one request and waits for its report until `deadline`.
    func check(_ request: PDFCheckRequest, until deadline: ContinuousClock.Instant) throws(CheckerFailure) -> PDFCheckReport {
        guard var line = try? JSONEncoder().encode(request) else { throw CheckerFailure("the request could not be encoded") }
        line.append(10)
        let sent = line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = send(socket, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        guard sent else { throw CheckerFailure("the checker stopped reading (\(String(cString: strerror(errno))))") }
        let reply = try readLine(until: deadline)
        guard let report = try? PDFCheckOutput.report(fromJSON: Data(reply)) else { throw CheckerFailure("the checker's report is unreadable") }
        checks += 1
        return report
    }

    private func readLine(until deadline: ContinuousClock.Instant) throws(CheckerFailure) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            if let newline = pending.firstIndex(of: 10) {
                defer { pending.removeSubrange(...newline) }
                return Array(pending[..<newline])
            }
            guard pending.count < 16 << 20 else { throw CheckerFailure("the checker's report is far too long") }
            let remaining = deadline - .now
            guard remaining > .zero else { throw CheckerFailure("the check took too long and was stopped") }
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: remaining.wholeMilliseconds + 1)
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw CheckerFailure(ending()) }
            pending.append(contentsOf: buffer[0..<count])
        }
    }

    /// Why the child closed its end: it exited, or a signal (a crash, the memory or CPU limit) ended it.
    private func ending() -> String {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        let signal = status & 0x7F
        if signal == 0 { return "the checker exited with status \((status >> 8) & 0xFF) before reporting" }
        let why = signal == SIGXCPU ? "it ran out of CPU time" : "it crashed or ran out of memory"
        return "the checker was stopped by signal \(signal): \(why)"
    }

    /// Ends the child: closing its input lets it finish cleanly; `force` kills it first. A
    /// child that has not exited a second after its input closed is killed too: at its
    /// memory limit a checker can fail to exit (the runtime cannot start the thread its
    /// exit needs, and retries forever), and whoever stops it must not wait for ever.
    func stop(force: Bool) {
        if force && !reaped { kill(pid, SIGKILL) }
        close(socket)
        guard !reaped else { return }
        if !force && !exited(within: .seconds(1)) { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while !reaped && waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
    }

    /// Whether the child exits (and is reaped) within `limit`, looking every 5 ms.
    private func exited(within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) {
                reaped = true
                return true
            }
            guard ContinuousClock.now < deadline else { return false }
            usleep(5_000)
        }
    }
}

/// Why a child check gave no report.
struct CheckerFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
