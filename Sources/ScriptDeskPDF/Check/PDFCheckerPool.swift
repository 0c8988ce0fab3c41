import Foundation
import Synchronization

/// Long-lived `scriptdesk check --serve` children, each checking one PDF at a time, so a
/// check costs no process start-up yet still runs outside the worker: a child that crashes,
/// exhausts its memory limit or overruns the wall-time limit is killed and replaced, and
/// that one check fails with `pdf.check_aborted`. Each child is retired after
/// `checksPerChild` checks, so damage a hostile file does to a child's memory cannot linger.
/// Every child runs in the sandbox (`CheckerSandbox`). A build gets a child of its own, which
/// may write in its output's folder, and which ends with the build.
public final class PDFCheckerPool: Sendable {
    /// The `scriptdesk` executable.
    public let executable: String
    /// What each child may use.
    public let limits: PDFCheckRunner.Limits
    private let idle = Mutex<[CheckerChild]>([])

    /// Checks one child answers before it is replaced.
    static let checksPerChild = 200
    /// Idle children kept for the next checks.
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

    /// Ends the children not checking anything now, waiting for each to exit; the next
    /// check starts a new one.
    public func stopIdleChildren() {
        for child in idle.withLock({ children in
            defer { children.removeAll() }
            return children
        }) {
            child.stop(force: false)
        }
    }

    /// Checks the file in an idle child (starting one when none is idle). Blocks.
    func inspect(_ request: PDFCheckRequest) -> PDFCheckReport {
        let deadline = ContinuousClock.now + limits.timeout
        let child: CheckerChild
        if let waiting = idle.withLock({ $0.popLast() }) {
            child = waiting
        } else {
            do throws(CheckerFailure) {
                child = try CheckerChild.spawn(executable, limits: limits)
            } catch {
                return PDFCheckReport(stoppedBy: PDFFinding(.checkAborted(error.description)))
            }
        }
        do throws(CheckerFailure) {
            let report = try child.check(request, until: deadline)
            let kept =
                child.checks < Self.checksPerChild
                && idle.withLock { children in
                    guard children.count < Self.maximumIdle else { return false }
                    children.append(child)
                    return true
                }
            if !kept { child.stop(force: false) }
            return report
        } catch {
            child.stop(force: true)
            return PDFCheckReport(stoppedBy: PDFFinding(.checkAborted(error.description)))
        }
    }

    /// Removes what a build killed part-way left beside `output`: its partial files.
    private static func removePartialFiles(of output: String) {
        let folder = (output as NSString).deletingLastPathComponent
        let prefix = (output as NSString).lastPathComponent + PartialFile.suffix
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(prefix) {
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    /// Builds as `request` says in a child of its own, started for this build alone with the
    /// right to read its inputs' folders and write in its output's folder, and ended after
    /// it; a child that crashes or overruns gives `pdf.build_aborted`. Blocks.
    func build(_ request: PDFBuildRequest) throws(PDFBuildError) -> Int {
        let deadline = ContinuousClock.now + limits.timeout
        let child: CheckerChild
        do throws(CheckerFailure) {
            child = try CheckerChild.spawn(executable, limits: limits, readable: request.inputFolders, writable: [request.outputFolder])
        } catch {
            throw .buildAborted(reason: error.description)
        }
        let result: Result<Int, PDFBuildError>
        do throws(CheckerFailure) {
            result = try child.build(request, until: deadline)
            child.stop(force: false)
        } catch {
            child.stop(force: true)
            Self.removePartialFiles(of: request.output)
            throw .buildAborted(reason: error.description)
        }
        return try result.get()
    }
}
