import Foundation
import Testing

@testable import ScriptDeskPDF

@Suite struct LosslessPageTests {
    @Test func pngAndTIFFPagesAreEmbeddedLosslesslyAndGrey() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = [
            TestPNG.grey(width: 620, height: 877, dpi: 75, seed: 1),
            TestTIFF.file([TestTIFF.grey(width: 620, height: 877, dpi: 75, seed: 2)]),
            TestTIFF.file([TestTIFF.bilevel(width: 620, height: 877, dpi: 75)], bigEndian: true),
            TestPNG.grey(width: 620, height: 877, dpi: 75, bilevel: true),
        ]
        let pdf = "\(folder)/copy.pdf"
        // Named .scan: the format is told by the bytes.
        let copy = try ScriptPDFBuilder.buildCopy(cover: TestImages.cover, pages: try TestImages.files(pages, in: folder, ext: "scan"), to: pdf)
        #expect(copy.pageCount == 5)
        #expect(copy.scannedPages.map(\.format) == [.png, .tiff, .tiff, .png])
        let images = try TestImages.imageList(of: pdf)
        #expect(images.count == 4)
        for (index, row) in images.enumerated() {
            // page num type width height color comp bpc enc
            #expect(row[0] == "\(index + 2)")
            #expect(row[3] == "620" && row[4] == "877", "page \(index + 1)")
            #expect(row[5] == "gray" && row[6] == "1", "page \(index + 1)")
            #expect(row[8] == "image", "page \(index + 1) is \(row[8]), not Flate")
            #expect(row[7] == (index >= 2 ? "1" : "8"), "page \(index + 1) has \(row[7]) bits")
            let size = try TestImages.pageSize(index + 2, of: pdf)
            #expect(abs(size.width - 595.2) < 0.5 && abs(size.height - 841.9) < 0.5)
        }
    }

    @Test func losslessPagesKeepTheirGreyLevels() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tiff = TestTIFF.grey(width: 64, height: 48, dpi: 72, seed: 3)
        let pdf = "\(folder)/copy.pdf"
        let files = try TestImages.files([TestTIFF.file([tiff])], in: folder, ext: "tif")
        _ = try ScriptPDFBuilder.build(cover: TestImages.cover, pages: files, to: pdf)
        // pdfimages writes a Flate image as a binary PPM: header, then red, green, blue.
        #expect(try TestImages.run(["pdfimages", pdf, "\(folder)/image"]) == 0)
        let ppm = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/image-000.ppm"))
        let levels = Array(ppm.suffix(64 * 48 * 3)).enumerated().filter { $0.offset % 3 == 1 }.map(\.element)
        #expect(levels == tiff.pixels)
    }

    @Test func colourTIFFIsDrawnInItsOwnColours() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Pure red: swapped channels would show as blue.
        let red = TestTIFF.Directory(
            width: 8,
            height: 8,
            samplesPerPixel: 3,
            photometric: 2,
            pixels: Array([[UInt8]](repeating: [255, 0, 0], count: 64).joined()),
            dpi: 72
        )
        let pdf = "\(folder)/copy.pdf"
        _ = try ScriptPDFBuilder.build(cover: TestImages.cover, pages: try TestImages.files([TestTIFF.file([red])], in: folder), to: pdf)
        #expect(try TestImages.run(["pdfimages", pdf, "\(folder)/image"]) == 0)
        let ppm = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/image-000.ppm"))
        #expect(Array(ppm.suffix(3)) == [255, 0, 0])
    }

    @Test func aTIFFWithAThumbnailDirectoryIsOnePage() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var thumbnail = TestTIFF.grey(width: 8, height: 10)
        thumbnail.subfileType = 1
        let file = TestTIFF.file([TestTIFF.grey(width: 80, height: 100, dpi: 72), thumbnail])
        let copy = try ScriptPDFBuilder.buildCopy(
            cover: TestImages.cover,
            pages: try TestImages.files([file], in: folder, ext: "tif"),
            to: "\(folder)/copy.pdf"
        )
        #expect(copy.scannedPages.first?.pixelWidth == 80)
    }

    @Test func pngHeadersAreReadWithoutDecoding() throws {
        let png = TestPNG.grey(width: 123, height: 45, dpi: 200)
        let info = try png.withUnsafeBytes { bytes throws(PNGInfoError) in try PNGInfo(bytes: bytes) }
        #expect(info.width == 123 && info.height == 45 && info.colourType == 0 && info.bitDepth == 8)
        #expect(abs((info.dotsPerInch ?? 0) - 200) < 0.01)
        #expect(ImageFormat(sniffing: png) == .png)
        #expect(ImageFormat(sniffing: TestTIFF.file([TestTIFF.grey(width: 2, height: 2)], bigEndian: true)) == .tiff)
        #expect(ImageFormat(sniffing: Data("%PDF-1.5".utf8)) == nil)
    }
}
