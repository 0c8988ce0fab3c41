import Foundation
import ScriptDeskAppTestSupport
import ScriptDeskDelivery
import ScriptDeskPDF
import ScriptDeskQueue
import ScriptDeskTestSupport
import ScriptDeskTransfer
import Testing

@testable import ScriptDeskServices

/// An archive folder that holds the scanner's own PDF of a script instead of a manifest.
@Suite struct ArchivedPDFTests {
    static let cover = CoverSheet(
        copyLabel: "Priority copy",
        purpose: "Issued so the centre can decide whether to request a review.",
        centre: "12345 Northgate Academy",
        candidate: "0007 Ava Smith",
        component: "H240/01 Mathematics A (GCE)",
        series: "June 2026 (2026-06)",
        reference: "archived-pdf-test",
        issuedAt: Date(timeIntervalSince1970: 1_787_212_800),
        scannedPageCount: 0
    )

    /// A folder holding `script.pdf` made of two scanned pages, and those pages' JPEG bytes.
    static func archive(in root: String) throws -> (folder: String, scans: [Data]) {
        let folder = "\(root)/archive"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let painter = ScannedPagePainter(dotsPerInch: 50, quality: 70)
        let scans = try (1...2).map { try painter.jpeg(componentCode: "H240/01", page: $0, of: 2, seed: "archived") }
        let files = try scans.enumerated().map { index, scan in
            let path = "\(root)/scan-\(index + 1).jpg"
            try scan.write(to: URL(fileURLWithPath: path))
            return path
        }
        _ = try ScriptPDFBuilder.build(cover: cover, pages: files, to: "\(folder)/\(ArchiveReader.pdfName)")
        return (folder, scans)
    }

    static func producer(in root: String) throws -> CopyProducer {
        CopyProducer(
            fetcher: Fetcher(policy: .archive()),
            checks: .childProcesses(executable: TestEnvironment.scriptdeskExecutable, limits: .init()),
            downloadArea: try LocalDownloadArea(root: "\(root)/published")
        )
    }

    static func scratch() throws -> String {
        let root = try ScratchFolder.make("archived")
        try FileManager.default.createDirectory(atPath: "\(root)/staging", withIntermediateDirectories: true)
        return root
    }

    @Test func itsPagesFollowOurCoverWithTheirScansUnchanged() async throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (folder, scans) = try Self.archive(in: root)
        let produced = try await Self.producer(in: root).produce(
            from: URL(fileURLWithPath: folder, isDirectory: true).absoluteString,
            staging: "\(root)/staging"
        ) { pages in Self.cover }
        // The archived PDF's three pages (its own cover and two scans) after ours.
        #expect(produced.pages == 4)
        let published = try LocalDownloadArea(root: "\(root)/published").localPath(of: produced.stored.objectID)
        #expect(try await ChildProcess.run(["pdfimages", "-all", published, "\(root)/image"]).status == 0)
        for (index, scan) in scans.enumerated() {
            let extracted = try Data(contentsOf: URL(fileURLWithPath: String(format: "%@/image-%03d.jpg", root, index)))
            #expect(extracted == scan, "scan \(index + 1) was re-encoded")
        }
    }

    @Test func aDamagedArchivedPDFIsRefusedBeforeItIsDrawnAgain() async throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (folder, _) = try Self.archive(in: root)
        let path = "\(folder)/\(ArchiveReader.pdfName)"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let image = try #require(bytes.range(of: Data("/Subtype /Image".utf8)))
        let stream = try #require(bytes.range(of: Data("stream\n".utf8), in: image.upperBound..<bytes.endIndex))
        for offset in stride(from: stream.upperBound + 600, to: stream.upperBound + 640, by: 2) {
            bytes[offset] = 0xFF
            bytes[offset + 1] = 0xD5
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        await #expect {
            try await Self.producer(in: root).produce(
                from: URL(fileURLWithPath: folder, isDirectory: true).absoluteString,
                staging: "\(root)/staging"
            ) { _ in Self.cover }
        } throws: { error in
            let failure = error as? JobFailure
            return failure?.code == "archive.mismatch" && failure?.isTransient == false && failure?.message.contains("page 2") == true
        }
    }
}
