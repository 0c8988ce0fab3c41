import Foundation
import Synchronization

/// Long-lived `scriptdesk check --serve` children, each checking or building one PDF at a
/// time, so a job costs no process start-up yet still runs outside the worker: a child that
/// crashes, exhausts its memory limit or overruns the wall-time limit is killed and
/// replaced, and that one job fails (`pdf.check_aborted`, `pdf.build_aborted`). Each child
/// is retired after `jobsPerChild` jobs, so damage a hostile file does to a child's memory
/// cannot linger. Every child runs in the sandbox (`CheckerSandbox`) and opens no file:
/// this process opens each job's inputs and creates its outputs' partial files, hands the
/// child their descriptors, and puts an output in place only when the child reports it
/// written.
public final class PDFCheckerPool: Sendable {
    /// The `scriptdesk` executable.
    public let executable: String
    /// What each child may use.
    public let limits: PDFCheckRunner.Limits
    private let idle = Mutex<[CheckerChild]>([])

    /// Checks and builds one child answers before it is replaced.
    static let jobsPerChild = 200
    /// Idle children kept for the next jobs.
    static let maximumIdle = 8

    /// A pool with no children yet: the first check starts one from `executable`, run within
    /// `limits`.
    public init(executable: String, limits: PDFCheckRunner.Limits) {
        self.executable = executable
        self.limits = limits
    }

    deinit {
        stopIdleChildren()
    }

    /// Ends the children not working now, waiting for each to exit; the next job starts a
    /// new one.
    public func stopIdleChildren() {
        for child in idle.withLock({ children in
            defer { children.removeAll() }
            return children
        }) {
            child.stop(force: false)
        }
    }

    /// The process ids of the idle children, most recently used last.
    var idleProcessIDs: [pid_t] {
        idle.withLock { $0.map(\.pid) }
    }

    /// Checks the file in an idle child (starting one when none is idle). Blocks.
    func inspect(_ request: PDFCheckRequest) -> PDFCheckReport {
        let deadline = ContinuousClock.now + limits.timeout
        do throws(CheckerFailure) {
            return try withChild { child throws(CheckerFailure) in try child.check(request, until: deadline) }
        } catch {
            return PDFCheckReport(stoppedBy: PDFFinding(.checkAborted(error.description)))
        }
    }

    /// Builds as `request` says in an idle child (starting one when none is idle), handing it
    /// the inputs this process opens and the output's partial file it creates; the PDF is
    /// put in place when the child reports it written, and the partial file removed
    /// otherwise. A child that crashes or overruns gives `pdf.build_aborted`. Blocks.
    func build(_ request: PDFBuildRequest) throws(PDFBuildError) -> Int {
        try PDFBuildFiles.build(request.source, into: request.output) { inputs, output throws(PDFBuildError) in
            let deadline = ContinuousClock.now + limits.timeout
            let result: Result<Int, PDFBuildError>
            do throws(CheckerFailure) {
                result = try withChild { child throws(CheckerFailure) in
                    try child.build(request, reading: inputs, writingTo: output, until: deadline)
                }
            } catch {
                throw .buildAborted(reason: error.description)
            }
            return try result.get()
        }
    }

    /// Runs a self-test in an idle child (starting one when none is idle), as any job runs.
    func selfTest(_ test: SandboxSelfTest) throws(CheckerFailure) -> SandboxSelfTestReport {
        let deadline = ContinuousClock.now + limits.timeout
        return try withChild { child throws(CheckerFailure) in try child.selfTest(test, until: deadline) }
    }

    /// Runs `job` on an idle child, or a new one when none is idle, and keeps the child for
    /// the next job unless it has done its share or enough are idle already. A child whose
    /// job fails is killed, whatever it was doing.
    private func withChild<Answer>(_ job: (CheckerChild) throws(CheckerFailure) -> Answer) throws(CheckerFailure) -> Answer {
        let child: CheckerChild
        if let waiting = idle.withLock({ $0.popLast() }) {
            child = waiting
        } else {
            child = try CheckerChild.spawn(executable, limits: limits)
        }
        let answer: Answer
        do throws(CheckerFailure) {
            answer = try job(child)
        } catch {
            child.stop(force: true)
            throw error
        }
        let kept =
            child.jobs < Self.jobsPerChild
            && idle.withLock { children in
                guard children.count < Self.maximumIdle else { return false }
                children.append(child)
                return true
            }
        if !kept { child.stop(force: false) }
        return answer
    }
}
