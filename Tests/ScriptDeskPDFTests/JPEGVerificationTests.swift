import Foundation
import Testing

@testable import ScriptDeskPDF

/// The pipeline builds with `.markersOnly` and leaves decoding to the check: between them,
/// every kind of damage is still refused, naming the page.
@Suite struct JPEGVerificationTests {
    static func pages(_ second: Data, in folder: String) throws -> [String] {
        try TestImages.files([try TestImages.jpeg(width: 400, height: 560, dpi: 50, seed: 1), second], in: folder)
    }

    @Test func aCutJPEGIsRefusedByTheBuildEvenWithoutDecoding() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let whole = try TestImages.jpeg(width: 400, height: 560, dpi: 50, seed: 2)
        let pages = try Self.pages(whole.prefix(whole.count * 2 / 3), in: folder)
        #expect(throws: PDFBuildError.damagedImage(page: 2, reason: "the JPEG has no end-of-image marker: it was cut short")) {
            try ScriptPDFBuilder.build(cover: TestImages.cover, pages: pages, to: "\(folder)/copy.pdf", verifying: .markersOnly)
        }
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/copy.pdf"))
    }

    @Test func corruptScanDataPassesAMarkersOnlyBuildAndFailsTheCheckNamingThePage() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var corrupt = try TestImages.jpeg(width: 400, height: 560, dpi: 50, seed: 2)
        // Restart markers where scan data should be, well inside the entropy-coded segment.
        for offset in stride(from: corrupt.count / 2, to: corrupt.count / 2 + 20, by: 2) {
            corrupt[offset] = 0xFF
            corrupt[offset + 1] = 0xD3
        }
        let pages = try Self.pages(corrupt, in: folder)
        #expect(throws: PDFBuildError.self) {
            try ScriptPDFBuilder.build(cover: TestImages.cover, pages: pages, to: "\(folder)/strict.pdf", verifying: .decodeEveryPage)
        }
        let written = try ScriptPDFBuilder.build(cover: TestImages.cover, pages: pages, to: "\(folder)/copy.pdf", verifying: .markersOnly)
        let finding = PDFChecker.inspect(fileAt: "\(folder)/copy.pdf", expectedPages: written).firstFatal
        #expect(finding?.code == "pdf.image_damaged")
        // PDF page 3: the cover, then the first scan, then the damaged second scan.
        #expect(finding?.page == 3)
    }
}
