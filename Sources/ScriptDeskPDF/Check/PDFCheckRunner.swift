/// Where checks, and builds from archive files, run. A PDF or an image from outside (an
/// archive's scans or single-PDF script, a file given to `scriptdesk check`) may be hostile,
/// and poppler, libtiff and libturbojpeg are large C and C++ libraries: in a sandboxed child
/// process with memory, CPU and wall-time limits, the worst such a file can do is fail its
/// own check or build, and a crash never takes down the worker or the server.
public enum PDFCheckRunner: Sendable {
    /// In this process, on the calling thread.
    case inProcess
    /// In the pool's `scriptdesk check --serve` children.
    case childProcesses(PDFCheckerPool)

    /// Checks in child processes of `executable`, within `limits`.
    public static func childProcesses(executable: String, limits: Limits) -> PDFCheckRunner {
        .childProcesses(PDFCheckerPool(executable: executable, limits: limits))
    }

    /// What a child check may use.
    public struct Limits: Sendable, Hashable {
        /// Address space, in MB.
        public var memoryMB: Int
        /// CPU time of one child over its life, in seconds.
        public var cpuSeconds: Int
        /// Wall time one check may take before its child is killed.
        public var timeout: Duration

        /// Limits for one child; by default 2,048 MB of address space, an hour of CPU and two
        /// minutes per check.
        public init(memoryMB: Int = 2048, cpuSeconds: Int = 3600, timeout: Duration = .seconds(120)) {
            self.memoryMB = memoryMB
            self.cpuSeconds = cpuSeconds
            self.timeout = timeout
        }
    }

    /// Checks the file and reports every finding; a child that crashes, runs out of memory
    /// or time, or prints something unreadable gives a fatal `pdf.check_aborted`. Blocks.
    public func inspect(_ request: PDFCheckRequest) -> PDFCheckReport {
        switch self {
        case .inProcess: PDFChecker.inspect(request)
        case .childProcesses(let pool): pool.inspect(request)
        }
    }

    /// Builds as `request` says and returns the pages written, the cover included. Blocks.
    public func build(_ request: PDFBuildRequest) throws(PDFBuildError) -> Int {
        switch self {
        case .inProcess: try request.run()
        case .childProcesses(let pool): try pool.build(request)
        }
    }

    /// Checks the file at `path`, as `inspect(_:)` does.
    public func inspect(fileAt path: String, expectedPages: Int? = nil, thumbnail: String? = nil) -> PDFCheckReport {
        inspect(PDFCheckRequest(file: path, expectedPages: expectedPages, thumbnail: thumbnail))
    }
}
