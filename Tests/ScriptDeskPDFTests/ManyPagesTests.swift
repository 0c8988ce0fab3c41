import Foundation
import Testing

@testable import ScriptDeskPDF

@Suite struct ManyPagesTests {
    @Test func aHundredPagesBuildFromOneFileAtATime() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scan = try TestImages.files([try TestImages.jpeg(width: 620, height: 877, dpi: 75, seed: 7)], in: folder)[0]
        let pdf = "\(folder)/copy.pdf"
        let copy = try ScriptPDFBuilder.buildCopy(cover: TestImages.cover, pages: Array(repeating: scan, count: 100), to: pdf)
        #expect(copy.pageCount == 101)
        #expect(copy.scannedPages.last?.number == 100)
        let info = try TestImages.output(["pdfinfo", pdf]).split(separator: "\n")
        #expect(info.contains { $0.hasPrefix("Pages:") && $0.hasSuffix(" 101") })
        #expect(try TestImages.imageList(of: pdf).count == 100)
    }
}
