import Foundation
import ScriptDeskCore

#if canImport(Glibc)
import Glibc
#endif

/// One `scriptdesk check --serve` child process, started in the sandbox, and the channel
/// it reads requests from and writes reports to. Used by one thread at a time: the pool
/// hands it over under its lock, which is what makes the unchecked `Sendable` sound.
final class CheckerChild: @unchecked Sendable {
    let pid: pid_t
    /// The sandbox layers it runs in.
    let layers: SandboxLayers
    private var channel: CheckerChannel
    /// Whether the child has been waited for: its pid may then belong to another process.
    private var reaped = false
    /// Checks and builds this child has answered.
    private(set) var jobs = 0

    private init(_ started: CheckerSandbox.Started) {
        pid = started.pid
        layers = started.layers
        channel = CheckerChannel(socket: started.channel)
    }

    /// Starts `executable check --serve` with its limits, in the sandbox.
    static func spawn(_ executable: String, limits: PDFCheckRunner.Limits) throws(CheckerFailure) -> CheckerChild {
        let arguments = ["check", "--serve", "--memory-limit-mb", "\(limits.memoryMB)", "--cpu-limit-seconds", "\(limits.cpuSeconds)"]
        return CheckerChild(try CheckerSandbox.spawn(executable, arguments: arguments))
    }

    /// Has the child build as `request` says from `inputs` into `output` (descriptors the
    /// caller opened, and closes), and returns the pages written or the build's own error.
    /// The child has written all it will when this returns.
    func build(
        _ request: PDFBuildRequest,
        reading inputs: [Int32],
        writingTo output: Int32,
        until deadline: ContinuousClock.Instant
    ) throws(CheckerFailure) -> Result<Int, PDFBuildError> {
        let result = try exchange(CheckerRequest(build: request), descriptors: [output] + inputs, until: deadline) { line throws(CheckerFailure) in
            guard let reply = try? JSONDecoder().decode(PDFBuildReply.self, from: Data(line)) else {
                throw CheckerFailure("the build's report is unreadable")
            }
            if let failure = reply.failure { return Result<Int, PDFBuildError>.failure(failure) }
            guard let count = reply.pageCount else { throw CheckerFailure("the build's report is unreadable") }
            return .success(count)
        }
        jobs += 1
        return result
    }

    /// Opens the request's file (and its thumbnail's partial file), hands them to the child
    /// with the request, and waits for its report until `deadline`. The thumbnail is put in
    /// place only when the report says it was written.
    func check(_ request: PDFCheckRequest, until deadline: ContinuousClock.Instant) throws(CheckerFailure) -> PDFCheckReport {
        let input = open(request.file, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            return PDFCheckReport(stoppedBy: PDFFinding(.unreadable("the file cannot be read (\(String(cString: strerror(errno))))")))
        }
        defer { close(input) }
        var request = request
        let thumbnail = ThumbnailOutput.opened(for: &request)
        let report: PDFCheckReport = try exchange(
            CheckerRequest(check: request),
            descriptors: [input] + (thumbnail.map { [$0.descriptor] } ?? []),
            until: deadline
        ) { line throws(CheckerFailure) in
            guard let report = try? PDFCheckOutput.report(fromJSON: Data(line)) else { throw CheckerFailure("the checker's report is unreadable") }
            return report
        }
        thumbnail?.finish(written: report.thumbnail != nil)
        jobs += 1
        return report
    }

    /// Has the child try what `test` names, and returns what it found.
    func selfTest(_ test: SandboxSelfTest, until deadline: ContinuousClock.Instant) throws(CheckerFailure) -> SandboxSelfTestReport {
        try exchange(CheckerRequest(selfTest: test), descriptors: [], until: deadline) { line throws(CheckerFailure) in
            guard let report = try? JSONDecoder().decode(SandboxSelfTestReport.self, from: Data(line)) else {
                throw CheckerFailure("the checker's self-test report is unreadable")
            }
            return report
        }
    }

    private func exchange<Answer>(
        _ request: CheckerRequest,
        descriptors: [Int32],
        until deadline: ContinuousClock.Instant,
        _ decode: ([UInt8]) throws(CheckerFailure) -> Answer
    ) throws(CheckerFailure) -> Answer {
        guard let line = try? JSONEncoder().encode(request) else { throw CheckerFailure("the request could not be encoded") }
        try channel.send(Array(line), descriptors: descriptors)
        guard let (reply, returned) = try channel.receive(until: deadline) else { throw CheckerFailure(ending()) }
        // A child has no descriptor to send its parent; whatever one sent is not kept.
        for descriptor in returned { close(descriptor) }
        return try decode(reply)
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
        close(channel.socket)
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
