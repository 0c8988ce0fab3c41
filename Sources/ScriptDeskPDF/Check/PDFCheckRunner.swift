#if canImport(Glibc)
import Glibc
#endif

/// Where a check runs. A PDF from outside (an archive's single-PDF script, a file given to
/// `scriptdesk check`) may be hostile, and poppler is a large C++ library: in a child
/// process with memory, CPU and wall-time limits, the worst such a file can do is fail its
/// own check.
public enum PDFCheckRunner: Sendable, Hashable {
    /// In this process, on the calling thread.
    case inProcess
    /// In a child process running `executable check … --json`, killed after `timeout`.
    case childProcess(executable: String, limits: Limits)

    /// What a child check may use.
    public struct Limits: Sendable, Hashable {
        /// Address space, in MB.
        public var memoryMB: Int
        /// CPU time, in seconds.
        public var cpuSeconds: Int
        /// Wall time before the child is killed.
        public var timeout: Duration

        public init(memoryMB: Int = 2048, cpuSeconds: Int = 60, timeout: Duration = .seconds(120)) {
            self.memoryMB = memoryMB
            self.cpuSeconds = cpuSeconds
            self.timeout = timeout
        }
    }

    /// Checks the file and reports every finding; a child that crashes, runs out of memory
    /// or time, or prints something unreadable gives a fatal `pdf.check_aborted`. Blocks.
    public func inspect(fileAt path: String, expectedPages: Int? = nil, thumbnail: String? = nil) -> PDFCheckReport {
        switch self {
        case .inProcess:
            return PDFChecker.inspect(fileAt: path, expectedPages: expectedPages, thumbnail: thumbnail)
        case .childProcess(let executable, let limits):
            var arguments = ["check", path, "--json", "--memory-limit-mb", "\(limits.memoryMB)", "--cpu-limit-seconds", "\(limits.cpuSeconds)"]
            if let expectedPages { arguments += ["--expect-pages", "\(expectedPages)"] }
            if let thumbnail { arguments += ["--thumbnail", thumbnail] }
            do {
                return try Self.runChild(executable, arguments: arguments, timeout: limits.timeout)
            } catch {
                return PDFCheckReport(stoppedBy: PDFFinding(.checkAborted(error.description)))
            }
        }
    }

    /// Why a child check gave no report.
    struct ChildFailure: Error, CustomStringConvertible {
        var description: String
    }

    private static func runChild(_ executable: String, arguments: [String], timeout: Duration) throws(ChildFailure) -> PDFCheckReport {
        let (ending, output, timedOut) = try ChildProcess.run(executable, arguments: arguments, timeout: timeout)
        if timedOut { throw ChildFailure(description: "the checker took longer than \(timeout) and was stopped") }
        if case .signalled(let signal) = ending {
            let why = signal == SIGXCPU ? "it ran out of CPU time" : "it crashed or ran out of memory"
            throw ChildFailure(description: "the checker was stopped by signal \(signal): \(why)")
        }
        guard let report = try? PDFCheckOutput.report(fromJSON: output) else {
            throw ChildFailure(description: "the checker ended with \(ending) and no readable report")
        }
        return report
    }
}
