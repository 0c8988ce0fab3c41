import Foundation
import Testing

@testable import ScriptDeskPDF

@Suite struct BadPageTests {
    @Test func truncatedJPEGIsRefusedNamingThePage() throws {
        let whole = try TestImages.jpeg(width: 400, height: 560, seed: 4)
        let cut = whole.prefix(whole.count * 6 / 10)
        let error = try BuildRefusal.error(building: [whole, Data(cut)])
        #expect(error?.code == "pdf.damaged_image")
        #expect(error?.page == 2)
    }

    @Test func corruptEntropyDataIsRefused() throws {
        var jpeg = try TestImages.jpeg(width: 400, height: 560, seed: 5)
        let scan = try #require(jpeg.firstRange(of: Data([0xFF, 0xDA]))).upperBound
        let middle = scan + (jpeg.count - scan) / 2
        for offset in stride(from: middle, to: middle + 48, by: 3) where jpeg[offset] != 0xFF && jpeg[offset] != 0x00 {
            jpeg[offset] ^= 0x5A
        }
        let error = try BuildRefusal.error(building: [jpeg])
        #expect(error?.code == "pdf.damaged_image")
        #expect(error?.page == 1)
    }

    @Test func cmykAndAdobeInvertedJPEGsHaveTheirOwnCode() throws {
        let grey = try TestImages.jpeg(width: 64, height: 64)
        let sof = try #require(grey.firstRange(of: Data([0xFF, 0xC0]))).lowerBound
        var cmyk = grey
        cmyk[sof + 9] = 4
        let plain = try BuildRefusal.error(building: [grey, cmyk])
        #expect(plain?.code == "pdf.cmyk_page")
        #expect(plain?.page == 2)
        #expect(plain?.message.contains("CMYK") == true)

        let adobe: [UInt8] = [0xFF, 0xEE, 0x00, 0x0E] + Array("Adobe".utf8) + [0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x02]
        var inverted = cmyk
        inverted.insert(contentsOf: adobe, at: 2)
        let refused = try BuildRefusal.error(building: [inverted])
        #expect(refused == .cmykPage(page: 1, adobeInverted: true))
        #expect(refused?.message.contains("inverted") == true)
    }

    @Test func decompressionBombHeadersAreRefusedBeforeDecoding() throws {
        var jpeg = try TestImages.jpeg(width: 64, height: 64)
        let sof = try #require(jpeg.firstRange(of: Data([0xFF, 0xC0]))).lowerBound
        jpeg.replaceSubrange((sof + 5)..<(sof + 9), with: [0xEA, 0x60, 0xEA, 0x60])
        #expect(try BuildRefusal.error(building: [jpeg]) == .imageTooLarge(page: 1, width: 60_000, height: 60_000))

        let png = TestPNG.forgedHeader(width: 60_000, height: 60_000)
        #expect(try BuildRefusal.error(building: [png], ext: "png") == .imageTooLarge(page: 1, width: 60_000, height: 60_000))

        let tiff = TestTIFF.file([TestTIFF.Directory(width: 60_000, height: 60_000, pixels: [0, 0, 0, 0])])
        #expect(try BuildRefusal.error(building: [tiff], ext: "tif") == .imageTooLarge(page: 1, width: 60_000, height: 60_000))
    }

    @Test func noPagesAndTooManyPagesAreRefusedBeforeReadingAny() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: PDFBuildError.noPages) {
            try ScriptPDFBuilder.build(cover: TestImages.cover, pages: [], to: "\(folder)/none.pdf")
        }
        // None of these files exists: the count alone is refused.
        let missing = (1...1_001).map { "\(folder)/missing-\($0).jpg" }
        let error = #expect(throws: PDFBuildError.self) {
            try ScriptPDFBuilder.build(cover: TestImages.cover, pages: missing, to: "\(folder)/many.pdf")
        }
        #expect(error == .tooManyPages(count: 1_001, limit: 1_000))
        #expect(error?.code == "pdf.too_many_pages")
        #expect(try TestImages.names(in: folder, containing: ".pdf").isEmpty)
    }

    @Test func mixedResolutionsAreRefusedNamingBoth() throws {
        let pages = [
            try TestImages.jpeg(width: 300, height: 420, dpi: 150),
            try TestImages.jpeg(width: 300, height: 420, dpi: 151),
            try TestImages.jpeg(width: 300, height: 420, dpi: 200),
        ]
        let error = try BuildRefusal.error(building: pages)
        #expect(error == .mixedResolution(page: 3, dotsPerInch: 200, firstPageDotsPerInch: 150))
        #expect(error?.code == "pdf.mixed_resolution")
        #expect(error?.message.contains("200 dpi") == true && error?.message.contains("150 dpi") == true)
    }

    @Test func unknownFormatsAreToldByTheirBytesNotTheirNames() throws {
        let error = try BuildRefusal.error(building: [try TestImages.jpeg(width: 300, height: 420), Data("GIF89a not a scan".utf8)])
        #expect(error == .unknownFormat(page: 2))
        #expect(error?.code == "pdf.unknown_format")
        // A JPEG named .png is still a JPEG.
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let misnamed = try TestImages.files([try TestImages.jpeg(width: 300, height: 420)], in: folder, ext: "png")
        let copy = try ScriptPDFBuilder.buildCopy(cover: TestImages.cover, pages: misnamed, to: "\(folder)/copy.pdf")
        #expect(copy.scannedPages.map(\.format) == [.jpeg])
    }

    @Test func damagedPNGAndTIFFDataAreRefused() throws {
        let png = TestPNG.grey(width: 200, height: 280, dpi: 72)
        let cutPNG = Data(png.prefix(png.count - 500))
        let pngError = try BuildRefusal.error(building: [png, cutPNG], ext: "png")
        #expect(pngError?.code == "pdf.damaged_image")
        #expect(pngError?.page == 2)

        // The tags are intact but the strip holds half the picture, and the file ends there.
        var short = TestTIFF.grey(width: 200, height: 280, dpi: 72)
        short.pixels.removeLast(short.pixels.count / 2)
        let first = TestTIFF.file([TestTIFF.grey(width: 200, height: 280, dpi: 72)])
        let cutTIFF = TestTIFF.file([short])
        let tiffError = try BuildRefusal.error(building: [first, cutTIFF], ext: "tif")
        #expect(tiffError?.code == "pdf.damaged_image")
        #expect(tiffError?.page == 2)
    }

    @Test func cmykAndMultiPageTIFFsAreRefused() throws {
        let ink = TestTIFF.Directory(width: 16, height: 16, samplesPerPixel: 4, photometric: 5, pixels: [UInt8](repeating: 9, count: 1_024))
        #expect(try BuildRefusal.error(building: [TestTIFF.file([ink])], ext: "tif") == .cmykPage(page: 1, adobeInverted: false))
        let two = TestTIFF.file([TestTIFF.grey(width: 40, height: 50), TestTIFF.grey(width: 40, height: 50)])
        let error = try BuildRefusal.error(building: [two], ext: "tif")
        #expect(error == .multiPageTIFF(page: 1, pages: 2))
        #expect(error?.code == "pdf.multipage_tiff")
    }

    @Test func aFailedBuildKeepsTheEarlierCopy() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pdf = "\(folder)/copy.pdf"
        let good = try TestImages.files([try TestImages.jpeg(width: 300, height: 420)], in: folder)
        _ = try ScriptPDFBuilder.build(cover: TestImages.cover, pages: good, to: pdf)
        let before = try Data(contentsOf: URL(fileURLWithPath: pdf))
        try Data("junk".utf8).write(to: URL(fileURLWithPath: good[0]))
        #expect(throws: PDFBuildError.unknownFormat(page: 1)) {
            try ScriptPDFBuilder.build(cover: TestImages.cover, pages: good, to: pdf)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)) == before)
        #expect(try TestImages.names(in: folder, containing: "partial").isEmpty)
    }

    @Test func everyErrorHasAStableCodeAndSaysWhatToDo() {
        let errors: [PDFBuildError] = [
            .noPages, .tooManyPages(count: 2_000, limit: 1_000), .unreadablePage(page: 1, reason: "gone"),
            .fileTooLarge(page: 1, bytes: 1, limit: 0), .unknownFormat(page: 1), .imageTooLarge(page: 1, width: 1, height: 1),
            .damagedImage(page: 1, reason: "x"), .cmykPage(page: 1, adobeInverted: false), .multiPageTIFF(page: 1, pages: 2),
            .mixedResolution(page: 2, dotsPerInch: 1, firstPageDotsPerInch: 2), .unsupportedImage(page: 1, reason: "x"),
            .pageChanged(page: 1), .cairo(status: "x"), .encoder(reason: "x"),
        ]
        #expect(Set(errors.map(\.code)).count == errors.count)
        for error in errors {
            #expect(error.code.hasPrefix("pdf."))
            if let page = error.page { #expect(error.message.hasPrefix("Page \(page) ")) }
        }
    }
}
