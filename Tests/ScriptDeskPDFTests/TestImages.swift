import Foundation

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

    /// Writes each page to `folder` and returns their paths.
    static func files(_ pages: [Data], in folder: String) throws -> [String] {
        try pages.enumerated().map { index, page in
            let path = String(format: "%@/scan-%03d.jpg", folder, index + 1)
            try page.write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    /// A new empty folder, removed by the caller.
    static func scratchFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scriptdesk-pdf-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let cover = CoverSheet(
        copyLabel: "Priority copy",
        purpose: "Issued so the centre can decide whether to request a review.",
        centre: "12345 Northgate Academy",
        candidate: "0007 Ava Smith",
        component: "H240/01 Mathematics A: Pure Mathematics (GCE)",
        series: "June 2026 (2026-06)",
        requestID: "3f1c0a9e-1111-2222-3333-444455556666",
        issuedAt: Date(timeIntervalSince1970: 1_787_212_800),
        scannedPageCount: 3
    )

    /// Runs a command and returns its exit status; the tools come from Debian's poppler-utils and qpdf.
    @discardableResult
    static func run(_ arguments: [String], in folder: String? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
