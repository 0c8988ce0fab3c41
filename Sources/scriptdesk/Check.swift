import ArgumentParser
import Foundation
import ScriptDeskPDF

/// `scriptdesk check FILE`: the same check the pipeline runs on every copy.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check a PDF as the pipeline does; exit 0 only when it passes.")

    @Argument(help: "The PDF to check.")
    var file: String

    @Option(help: "The number of pages it must have.")
    var expectPages: Int?

    @Flag(help: "Print the verdict as JSON.")
    var json = false

    func run() async throws {
        let verdict: (passed: Bool, code: String, message: String, pages: Int?)
        do {
            let report = try PDFChecker.check(fileAt: file, expectedPages: expectPages)
            verdict = (true, "pdf.ok", "The PDF passed its check.", report.pageCount)
        } catch {
            verdict = (false, error.code, error.message, nil)
        }
        if json {
            var object: [String: String] = [
                "file": file, "verdict": verdict.passed ? "pass" : "fail", "code": verdict.code, "message": verdict.message,
            ]
            object["pages"] = verdict.pages.map(String.init)
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(verdict.passed ? "PASS" : "FAIL") \(verdict.code): \(verdict.message)")
        }
        if !verdict.passed { throw ExitCode(1) }
    }
}
