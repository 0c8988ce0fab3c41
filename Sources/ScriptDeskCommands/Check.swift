public import ArgumentParser
import Foundation
import ScriptDeskPDF

/// `scriptdesk check FILE`: the same check the pipeline runs on every copy.
public struct CheckCommand: AsyncParsableCommand {
    /// `scriptdesk check`, with its help.
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a PDF as the pipeline does; exit 0 only when it passes.",
        discussion: """
            Prints the verdict and every finding with its stable code. Blank pages are reported \
            but do not fail the check. Exit status: 0 pass, 1 fail, 2 usage error. With --serve, \
            reads one JSON request per line and answers each with the JSON report: the worker's \
            checker processes run this way.
            """
    )

    @Argument(help: "The PDF to check.")
    var file: String?

    @Option(help: "The number of pages it must have.")
    var expectPages: Int?

    @Option(help: "Write a PNG thumbnail of the first page here.")
    var thumbnail: String?

    @Flag(help: "Print the verdict as JSON.")
    var json = false

    @Flag(help: "Answer JSON requests on standard input, one per line, until it closes.")
    var serve = false

    @Option(help: "Address-space limit for this process, in MB (0 for none): a hostile file cannot exhaust memory.")
    var memoryLimitMb = 2048

    @Option(help: "CPU-time limit for this process, in seconds (0 for none): a hostile file cannot spin for ever.")
    var cpuLimitSeconds = 60

    /// A command with no arguments parsed yet.
    public init() {}

    /// Requires exactly one of FILE and `--serve`.
    public func validate() throws {
        guard (file == nil) == serve else { throw ValidationError("Give a FILE to check, or --serve, not both.") }
    }

    /// Limits this process, then checks FILE and prints the verdict (exit 1 when it fails), or
    /// answers requests until standard input closes.
    public func run() async throws {
        ProcessLimits.apply(memoryMB: memoryLimitMb, cpuSeconds: cpuLimitSeconds)
        guard let file else { return try serveRequests() }
        let report = PDFChecker.inspect(fileAt: file, expectedPages: expectPages, thumbnail: thumbnail)
        print(json ? try PDFCheckOutput.json(report, file: file) : PDFCheckOutput.text(report))
        if !report.passed { throw ExitCode(1) }
    }

    /// One report line for each request line, written unbuffered: the worker waits for it.
    private func serveRequests() throws {
        let decoder = JSONDecoder()
        while let line = readLine() {
            guard let request = try? decoder.decode(PDFCheckRequest.self, from: Data(line.utf8)) else { throw ExitCode(2) }
            let report = PDFChecker.inspect(request)
            FileHandle.standardOutput.write(Data((try PDFCheckOutput.json(report, file: request.file) + "\n").utf8))
        }
    }
}
