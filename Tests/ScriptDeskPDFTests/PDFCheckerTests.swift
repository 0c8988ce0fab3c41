import Foundation
import Testing

@testable import ScriptDeskPDF

@Suite struct PDFCheckerTests {
    /// A built three-page copy (cover and two scans) in a fresh folder.
    static func builtCopy() throws -> (folder: String, pdf: String) {
        let folder = try TestImages.scratchFolder()
        let pdf = "\(folder)/copy.pdf"
        let pages = [try TestImages.jpeg(width: 400, height: 560, seed: 1), try TestImages.jpeg(width: 400, height: 560, seed: 2)]
        _ = try ScriptPDFBuilder.build(cover: TestImages.cover, pages: try TestImages.files(pages, in: folder), to: pdf)
        return (folder, pdf)
    }

    static func verdict(_ path: String, expectedPages: Int? = nil) -> String {
        do {
            _ = try PDFChecker.check(fileAt: path, expectedPages: expectedPages)
            return "pass"
        } catch {
            return error.code
        }
    }

    @Test func aBuiltCopyPasses() throws {
        let (folder, pdf) = try Self.builtCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = try PDFChecker.check(fileAt: pdf, expectedPages: 3)
        #expect(report.pageCount == 3)
        #expect(report.pageSizes.allSatisfy { $0.width > 100 && $0.height > 100 })
    }

    @Test func eachKindOfDamageGetsItsOwnCode() throws {
        let (folder, pdf) = try Self.builtCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))

        let truncated = "\(folder)/truncated.pdf"
        try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: truncated))
        let garbage = "\(folder)/garbage.pdf"
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: URL(fileURLWithPath: garbage))
        let empty = "\(folder)/empty.pdf"
        try Data().write(to: URL(fileURLWithPath: empty))
        let encrypted = "\(folder)/encrypted.pdf"
        // An empty user password: it opens in any reader, yet is still encrypted.
        #expect(try TestImages.run(["qpdf", "--encrypt", "", "owner-secret", "256", "--", pdf, encrypted]) == 0)

        let verdicts = [
            Self.verdict(truncated, expectedPages: 3),
            Self.verdict(garbage, expectedPages: 3),
            Self.verdict(empty, expectedPages: 3),
            Self.verdict(encrypted, expectedPages: 3),
            Self.verdict(pdf, expectedPages: 4),
        ]
        #expect(verdicts == ["pdf.truncated", "pdf.not_pdf", "pdf.empty", "pdf.encrypted", "pdf.page_count_mismatch"])
        #expect(Set(verdicts).count == verdicts.count)
    }

    @Test func anHTMLPageIsNotAPDF() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/error.pdf"
        try Data("<html><body>502 Bad Gateway</body></html>\n%%EOF".utf8).write(to: URL(fileURLWithPath: path))
        #expect(Self.verdict(path) == "pdf.not_pdf")
        #expect(Self.verdict("\(folder)/missing.pdf") == "pdf.unreadable")
    }
}
