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
            reads one JSON request per line from its parent, which passes each file as a \
            descriptor, and answers each with the JSON report: the worker's checker processes \
            run this way, each in a sandbox. With --sandbox-info, shows which \
            layers of that sandbox this machine gives, and has a child prove them: it tries to \
            connect, to read this process's environment, to write to a descriptor left open and \
            to read and write files outside; exit 1 if any attempt succeeds.
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

    @Flag(help: "Show the checker sandbox's layers on this machine, and test them with a child.")
    var sandboxInfo = false

    @Option(help: "Address-space limit for this process, in MB (0 for none): a hostile file cannot exhaust memory.")
    var memoryLimitMb = 2048

    @Option(help: "CPU-time limit for this process, in seconds (0 for none): a hostile file cannot spin for ever.")
    var cpuLimitSeconds = 60

    /// A command with no arguments parsed yet.
    public init() {}

    /// Requires exactly one of FILE, `--serve` and `--sandbox-info`.
    public func validate() throws {
        guard [file != nil, serve, sandboxInfo].filter({ $0 }).count == 1 else {
            throw ValidationError("Give a FILE to check, or --serve, or --sandbox-info: exactly one.")
        }
    }

    /// Limits this process, then checks FILE and prints the verdict (exit 1 when it fails), or
    /// answers requests until standard input closes.
    public func run() async throws {
        if sandboxInfo { return try SandboxInfo.show(json: json) }
        ProcessLimits.apply(memoryMB: memoryLimitMb, cpuSeconds: cpuLimitSeconds)
        guard let file else {
            do {
                return try CheckerService.serve()
            } catch is CheckerService.UnreadableRequest {
                throw ExitCode(2)
            }
        }
        let report = PDFChecker.inspect(fileAt: file, expectedPages: expectPages, thumbnail: thumbnail)
        print(json ? try PDFCheckOutput.json(report, file: file) : PDFCheckOutput.text(report))
        if !report.passed { throw ExitCode(1) }
    }

}
