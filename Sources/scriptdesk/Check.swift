import ArgumentParser
import Foundation
import ScriptDeskPDF

/// `scriptdesk check FILE`: the same check the pipeline runs on every copy.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a PDF as the pipeline does; exit 0 only when it passes.",
        discussion: """
            Prints the verdict and every finding with its stable code. Blank pages are reported \
            but do not fail the check. Exit status: 0 pass, 1 fail, 2 usage error.
            """
    )

    @Argument(help: "The PDF to check.")
    var file: String

    @Option(help: "The number of pages it must have.")
    var expectPages: Int?

    @Option(help: "Write a PNG thumbnail of the first page here.")
    var thumbnail: String?

    @Flag(help: "Print the verdict as JSON.")
    var json = false

    @Option(help: "Address-space limit for this process, in MB (0 for none): a hostile file cannot exhaust memory.")
    var memoryLimitMb = 2048

    @Option(help: "CPU-time limit for this process, in seconds (0 for none): a hostile file cannot spin for ever.")
    var cpuLimitSeconds = 60

    func run() async throws {
        ProcessLimits.apply(memoryMB: memoryLimitMb, cpuSeconds: cpuLimitSeconds)
        let report = PDFChecker.inspect(fileAt: file, expectedPages: expectPages, thumbnail: thumbnail)
        if json {
            print(try PDFCheckOutput.json(report, file: file))
        } else {
            print(PDFCheckOutput.text(report))
        }
        if !report.passed { throw ExitCode(1) }
    }
}
