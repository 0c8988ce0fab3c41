import Foundation
import Testing

@testable import ScriptDeskPDF

@Suite struct ScriptPDFBuilderTests {
    @Test func eachScannedPageIsEmbeddedByteForByte() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = [
            try TestImages.jpeg(width: 620, height: 877, dpi: 75, seed: 1),
            try TestImages.jpeg(width: 640, height: 900, dpi: 75, seed: 2),
            try TestImages.jpeg(width: 620, height: 877, dpi: 75, seed: 3),
        ]
        let pdf = "\(folder)/copy.pdf"
        let written = try ScriptPDFBuilder.build(cover: TestImages.cover, pages: try TestImages.files(pages, in: folder), to: pdf)
        #expect(written == 4)
        // pdfimages -all writes each DCT stream out exactly as stored in the PDF.
        #expect(try TestImages.run(["pdfimages", "-all", pdf, "\(folder)/image"]) == 0)
        for (index, page) in pages.enumerated() {
            let extracted = try Data(contentsOf: URL(fileURLWithPath: String(format: "%@/image-%03d.jpg", folder, index)))
            #expect(extracted == page, "page \(index + 1) was re-encoded")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/image-003.jpg"))
    }

    @Test func pageSizeFollowsTheScanResolution() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pdf = "\(folder)/copy.pdf"
        // 1240×1754 pixels at 150 dpi is A4: 595×842 points.
        let scan = try TestImages.files([try TestImages.jpeg(width: 1240, height: 1754, dpi: 150)], in: folder)
        _ = try ScriptPDFBuilder.build(cover: TestImages.cover, pages: scan, to: pdf)
        let report = try PDFChecker.check(fileAt: pdf, expectedPages: 2)
        let page = try #require(report.pageSizes.last)
        #expect(abs(page.width - 595.2) < 1)
        #expect(abs(page.height - 841.9) < 1)
    }

    @Test func theSameInputsGiveTheSameBytes() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = try TestImages.files(
            [
                try TestImages.jpeg(width: 300, height: 420, seed: 9),
                TestPNG.grey(width: 300, height: 420, dpi: 72, seed: 9),
                TestTIFF.file([TestTIFF.grey(width: 300, height: 420, dpi: 72, seed: 9)]),
                TestTIFF.file([TestTIFF.bilevel(width: 300, height: 420, dpi: 72)]),
            ],
            in: folder
        )
        _ = try ScriptPDFBuilder.build(cover: TestImages.cover, pages: pages, to: "\(folder)/a.pdf")
        _ = try ScriptPDFBuilder.build(cover: TestImages.cover, pages: pages, to: "\(folder)/b.pdf")
        let first = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/a.pdf"))
        let second = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/b.pdf"))
        #expect(first == second)
    }

    @Test func badPagesAreRefusedNamingThePage() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = try TestImages.files([try TestImages.jpeg(width: 300, height: 420), Data("not a jpeg".utf8)], in: folder)
        #expect(throws: PDFBuildError.noPages) {
            try ScriptPDFBuilder.build(cover: TestImages.cover, pages: [], to: "\(folder)/none.pdf")
        }
        let error = #expect(throws: PDFBuildError.self) {
            try ScriptPDFBuilder.build(cover: TestImages.cover, pages: files, to: "\(folder)/bad.pdf")
        }
        #expect(error?.code == "pdf.unknown_format")
        #expect(error?.message.hasPrefix("Page 2 ") == true)
    }

    @Test func cmykAndHugeHeadersAreRefused() throws {
        var cmyk = try TestImages.jpeg(width: 64, height: 64)
        // Rewrite the start-of-frame's component count (grey → 4) to stand for a CMYK JPEG.
        let sof = try #require(cmyk.firstRange(of: Data([0xFF, 0xC0])))
        cmyk[sof.lowerBound + 9] = 4
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let refused = #expect(throws: PDFBuildError.self) {
            try ScriptPDFBuilder.build(cover: TestImages.cover, pages: try TestImages.files([cmyk], in: folder), to: "\(folder)/cmyk.pdf")
        }
        #expect(refused?.code == "pdf.cmyk_page")
        #expect(refused?.message.contains("CMYK") == true)
        var huge = try TestImages.jpeg(width: 64, height: 64)
        huge[sof.lowerBound + 5] = 0xEA
        huge[sof.lowerBound + 6] = 0x60
        #expect(throws: JPEGInfoError.tooLarge(width: 64, height: 60_000)) { try JPEGInfo(parsing: huge) }
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/cmyk.pdf"))
    }

    @Test func blankPagesAreReported() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let white = [UInt8](repeating: 250, count: 200 * 280)
        let blank = try white.withUnsafeBufferPointer { pixels in
            try JPEGEncoder.encodeGrey(pixels: pixels, width: 200, height: 280, stride: 200, quality: 80, dotsPerInch: 72)
        }
        let blankPNG = TestPNG.file(
            width: 4,
            height: 4,
            colourType: 0,
            rows: Array([[UInt8]](repeating: [0, 255, 255, 255, 255], count: 4).joined()),
            dpi: 72
        )
        let pages = [try TestImages.jpeg(width: 200, height: 280), blank, TestPNG.grey(width: 200, height: 280, dpi: 72), blankPNG]
        let copy = try ScriptPDFBuilder.buildCopy(
            cover: TestImages.cover,
            pages: try TestImages.files(pages, in: folder),
            to: "\(folder)/copy.pdf"
        )
        #expect(copy.blankPages == [2, 4])
    }

    @Test func jpegHeadersAreReadWithoutDecoding() throws {
        let info = try JPEGInfo(parsing: try TestImages.jpeg(width: 123, height: 45, dpi: 200))
        #expect(info.width == 123)
        #expect(info.height == 45)
        #expect(info.components == 1)
        #expect(info.dotsPerInch == 200)
        #expect(!info.hasAdobeMarker)
        #expect(throws: JPEGInfoError.notJPEG) { try JPEGInfo(parsing: Data("%PDF-1.5".utf8)) }
    }
}
