public import Foundation

/// How `scriptdesk check` prints a report, and how the pipeline reads it back from a child
/// process: one JSON object, or a verdict line then one line per finding.
public enum PDFCheckOutput {
    /// The report as one line of JSON, with the verdict and the file's path.
    public static func json(_ report: PDFCheckReport, file: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let line = Line(file: file, verdict: report.passed ? "pass" : "fail", report: report)
        return String(decoding: try encoder.encode(line), as: UTF8.self)
    }

    /// The report read back from `json`.
    public static func report(fromJSON data: Data) throws -> PDFCheckReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Line.self, from: data).report
    }

    /// `PASS` or `FAIL` with the page count, then each finding on its own line.
    public static func text(_ report: PDFCheckReport) -> String {
        var lines = ["\(report.passed ? "PASS" : "FAIL") \(report.pageCount) pages, \(report.imagesVerified) images verified"]
        for finding in report.findings {
            let page = finding.page.map { " (page \($0))" } ?? ""
            lines.append("  \(finding.fatal ? "error" : "notice") \(finding.code)\(page): \(finding.message)")
        }
        return lines.joined(separator: "\n")
    }

    private struct Line: Codable {
        var file: String
        var verdict: String
        var report: PDFCheckReport
    }
}
