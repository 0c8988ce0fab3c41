import Foundation
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskPDF

/// Small greyscale JPEGs and scratch folders for the PDF tests.
enum TestImages {
    /// A `width`×`height` greyscale JPEG at `dpi` with a pattern that depends on `seed`.
    static func jpeg(width: Int, height: Int, dpi: Int = 72, seed: UInt8 = 0) throws -> Data {
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                pixels[y * width + x] = UInt8(truncatingIfNeeded: (x &* 3) ^ (y &* 5) &+ Int(seed) &* 37)
            }
        }
        return try pixels.withUnsafeBufferPointer { buffer in
            try JPEGEncoder.encodeGrey(pixels: buffer, width: width, height: height, stride: width, quality: 80, dotsPerInch: dpi)
        }
    }

    /// Writes each page to `folder` (named `scan-001.<ext>`, …) and returns their paths.
    static func files(_ pages: [Data], in folder: String, ext: String = "jpg") throws -> [String] {
        try pages.enumerated().map { index, page in
            let path = String(format: "%@/scan-%03d.%@", folder, index + 1, ext)
            try page.write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    /// A new empty folder, removed by the caller.
    static func scratchFolder() throws -> String {
        try ScratchFolder.make("pdf")
    }

    static let cover = CoverSheet(
        copyLabel: "Priority copy",
        purpose: "Issued so the centre can decide whether to request a review.",
        centre: "12345 Northgate Academy",
        candidate: "0007 Ava Smith",
        component: "H240/01 Mathematics A: Pure Mathematics (GCE)",
        series: "June 2026 (2026-06)",
        reference: "3f1c0a9e-1111-2222-3333-444455556666",
        issuedAt: Date(timeIntervalSince1970: 1_787_212_800),
        scannedPageCount: 3
    )

    /// Files in `folder` whose names contain `fragment` (an unfinished PDF would be `….partial-…`).
    static func names(in folder: String, containing fragment: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(fragment) }
    }

    /// The size in points of `page` (1-based, the cover is page 1) as pdfinfo reports it.
    static func pageSize(_ page: Int, of pdf: String) throws -> (width: Double, height: Double) {
        let report = try output(["pdfinfo", "-f", "\(page)", "-l", "\(page)", pdf])
        let line = try #require(report.split(separator: "\n").first { $0.hasPrefix("Page") && $0.contains("size:") })
        let words = line.split(separator: " ")
        let size = try #require(words.firstIndex(of: "size:"))
        return (try #require(Double(words[size + 1])), try #require(Double(words[size + 3])))
    }

    /// The rows of `pdfimages -list`, each split into its columns (page, num, type, width,
    /// height, color, comp, bpc, enc, …), headings left out.
    static func imageList(of pdf: String) throws -> [[String]] {
        try output(["pdfimages", "-list", pdf]).split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").map(String.init) }
    }

    /// Runs a command and returns what it printed.
    static func output(_ arguments: [String]) throws -> String {
        try ChildProcess.runBlocking(arguments).text
    }

    /// Runs a command and returns its exit status; the tools come from Debian's poppler-utils and qpdf.
    @discardableResult
    static func run(_ arguments: [String], in folder: String? = nil) throws -> Int32 {
        try ChildProcess.runBlocking(arguments, in: folder).status
    }
}
