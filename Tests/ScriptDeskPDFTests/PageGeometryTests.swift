import Foundation
import Testing

@testable import ScriptDeskPDF

@Suite struct PageGeometryTests {
    @Test func exifOrientationSixTurnsALandscapeScanUpright() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Stored 877 wide and 620 high at 75 dpi, to be shown turned a quarter clockwise.
        let stored = TestExif.adding(to: try TestImages.jpeg(width: 877, height: 620, dpi: 75, seed: 6), orientation: 6, bigEndian: true)
        let pdf = "\(folder)/copy.pdf"
        let copy = try ScriptPDFBuilder.buildCopy(cover: TestImages.cover, pages: try TestImages.files([stored], in: folder), to: pdf)
        #expect(copy.scannedPages.first?.orientation == .right)
        let size = try TestImages.pageSize(2, of: pdf)
        #expect(abs(size.width - 620 * 72 / 75) < 0.5)
        #expect(abs(size.height - 877 * 72 / 75) < 0.5)
        #expect(try TestImages.run(["pdfimages", "-all", pdf, "\(folder)/image"]) == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/image-000.jpg")) == stored)
    }

    @Test func everyOrientationGivesItsPageSize() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plain = try TestImages.jpeg(width: 300, height: 200, dpi: 72)
        let pages = (1...8).map { TestExif.adding(to: plain, orientation: $0, bigEndian: $0 % 2 == 0) }
        let pdf = "\(folder)/copy.pdf"
        let copy = try ScriptPDFBuilder.buildCopy(cover: TestImages.cover, pages: try TestImages.files(pages, in: folder), to: pdf)
        #expect(copy.scannedPages.map(\.orientation.rawValue) == Array(1...8))
        for orientation in 1...8 {
            let size = try TestImages.pageSize(orientation + 1, of: pdf)
            let expected = orientation >= 5 ? (200.0, 300.0) : (300.0, 200.0)
            #expect(abs(size.width - expected.0) < 0.5 && abs(size.height - expected.1) < 0.5, "orientation \(orientation)")
        }
    }

    @Test func pageSizeComesFromEachFormatsResolution() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 1240×1754 pixels at 150 dpi is A4; each format states it its own way.
        let exifOnly = TestExif.adding(
            to: TestExif.withoutJFIFDensity(try TestImages.jpeg(width: 1240, height: 1754)),
            orientation: nil,
            dpi: 150
        )
        let png = TestPNG.grey(width: 1240, height: 1754, dpi: 150)
        let tiff = TestTIFF.file([TestTIFF.grey(width: 1240, height: 1754, dpi: 150)], bigEndian: true)
        let files =
            try TestImages.files([exifOnly], in: folder, ext: "a") + [
                try TestImages.files([png], in: "\(folder)", ext: "b")[0], try TestImages.files([tiff], in: folder, ext: "c")[0],
            ]
        let pdf = "\(folder)/copy.pdf"
        let copy = try ScriptPDFBuilder.buildCopy(cover: TestImages.cover, pages: files, to: pdf)
        #expect(copy.scannedPages.map(\.format) == [.jpeg, .png, .tiff])
        for page in copy.scannedPages {
            #expect(abs(page.dotsPerInch - 150) < 0.05 && !page.resolutionInferred, "page \(page.number)")
            let size = try TestImages.pageSize(page.number + 1, of: pdf)
            #expect(abs(size.width - 595.2) < 0.5 && abs(size.height - 841.9) < 0.5, "page \(page.number)")
        }
    }

    @Test func aPageStatingNoResolutionIsMadeA4Wide() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bare = TestExif.withoutJFIFDensity(try TestImages.jpeg(width: 1000, height: 1414))
        let pdf = "\(folder)/copy.pdf"
        let copy = try ScriptPDFBuilder.buildCopy(cover: TestImages.cover, pages: try TestImages.files([bare], in: folder), to: pdf)
        #expect(copy.scannedPages.first?.resolutionInferred == true)
        #expect(abs((copy.scannedPages.first?.dotsPerInch ?? 0) - 1000 / 8.27) < 0.01)
        let size = try TestImages.pageSize(2, of: pdf)
        #expect(abs(size.width - 8.27 * 72) < 0.5)
    }

    @Test func exifIsReadInEitherByteOrder() throws {
        let plain = TestExif.withoutJFIFDensity(try TestImages.jpeg(width: 40, height: 30))
        for bigEndian in [false, true] {
            let info = try JPEGInfo(parsing: TestExif.adding(to: plain, orientation: 8, dpi: 300, bigEndian: bigEndian))
            #expect(info.orientation == .left)
            #expect(info.dotsPerInch == 300)
            #expect(info.width == 40 && info.height == 30)
        }
        // A JFIF density wins over Exif's.
        let both = TestExif.adding(to: try TestImages.jpeg(width: 40, height: 30, dpi: 200), orientation: 3, dpi: 300)
        #expect(try JPEGInfo(parsing: both).dotsPerInch == 200)
        #expect(try JPEGInfo(parsing: both).orientation == .down)
    }

    @Test func orientationsMapTheStoredCornersUpright() {
        // The stored top-left corner (0, 0) of a 4×2 picture ends up where each value says.
        let expected: [ImageOrientation: (Double, Double)] = [
            .up: (0, 0), .upMirrored: (4, 0), .down: (4, 2), .downMirrored: (0, 2),
            .leftMirrored: (0, 0), .right: (2, 0), .rightMirrored: (2, 4), .left: (0, 4),
        ]
        for orientation in ImageOrientation.allCases {
            let m = orientation.matrix(width: 4, height: 2)
            guard let corner = expected[orientation] else {
                Issue.record("no expectation for \(orientation)")
                continue
            }
            #expect(m.x0 == corner.0 && m.y0 == corner.1, "\(orientation)")
            let far = (m.xx * 4 + m.xy * 2 + m.x0, m.yx * 4 + m.yy * 2 + m.y0)
            let size = orientation.uprightSize(width: 4, height: 2)
            #expect([0, Double(size.width)].contains(far.0) && [0, Double(size.height)].contains(far.1))
        }
    }
}
