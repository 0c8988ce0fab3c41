import Foundation
import Testing

@testable import ScriptDeskPDF

/// Copies built from archive files in a sandboxed child: the same document as a build in
/// process, on the pool's long-lived children, which may open no file themselves; and a
/// child that dies fails its build without taking anything else down.
@Suite struct SandboxedBuildTests {
    @Test func aChildBuildsTheSameCopyFromPagesAndFromAnArchivedPDF() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = try Self.twoScans(in: folder, seeds: (1, 2))
        let child = PDFCheckRunner.childProcesses(executable: PDFCheckFindingsTests.executable, limits: .init())
        let built = "\(folder)/built.pdf"
        let fromPages = PDFBuildRequest(cover: TestImages.cover, source: .pages(pages, verification: .decodeEveryPage), output: built)
        #expect(try child.build(fromPages) == 3)
        #expect(try PDFChecker.check(fileAt: built, expectedPages: 3).passed)
        let inProcess = "\(folder)/in-process.pdf"
        #expect(try PDFCheckRunner.inProcess.build(PDFBuildRequest(cover: TestImages.cover, source: fromPages.source, output: inProcess)) == 3)
        #expect(PDFChecker.inspect(fileAt: built).pageSizes == PDFChecker.inspect(fileAt: inProcess).pageSizes)
        // The archive's own PDF, drawn again behind a new cover.
        let redrawn = "\(folder)/redrawn.pdf"
        #expect(try child.build(PDFBuildRequest(cover: TestImages.cover, source: .importing(built), output: redrawn)) == 4)
        #expect(try PDFChecker.check(fileAt: redrawn, expectedPages: 4).passed)
        // A page the child cannot parse is the page's own error, as in process.
        let broken = "\(folder)/broken.jpg"
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: broken))
        #expect(throws: PDFBuildError.unknownFormat(page: 1)) {
            try child.build(
                PDFBuildRequest(cover: TestImages.cover, source: .pages([broken], verification: .markersOnly), output: "\(folder)/none.pdf")
            )
        }
    }

    @Test func aBuildWhoseChildIsStoppedIsAbortedAndLeavesNothing() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = try TestImages.files([try TestImages.jpeg(width: 400, height: 560, seed: 3)], in: folder)
        let starved = PDFCheckRunner.childProcesses(executable: PDFCheckFindingsTests.executable, limits: .init(timeout: .milliseconds(1)))
        let output = "\(folder)/copy.pdf"
        do {
            _ = try starved.build(PDFBuildRequest(cover: TestImages.cover, source: .pages(pages, verification: .markersOnly), output: output))
            Issue.record("a build given a millisecond finished")
        } catch {
            #expect(error.code == "pdf.build_aborted")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["scan-001.jpg"])
    }

    @Test func buildsReuseAPooledChildThatCanNeitherReadTheirPagesNorWriteBesideTheirCopies() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = try Self.twoScans(in: folder, seeds: (6, 7))
        let pool = PDFCheckerPool(executable: PDFCheckFindingsTests.executable, limits: .init())
        let built = "\(folder)/built.pdf"
        #expect(try pool.build(PDFBuildRequest(cover: TestImages.cover, source: .pages(pages, verification: .markersOnly), output: built)) == 3)
        let children = pool.idleProcessIDs
        #expect(children.count == 1)
        #expect(try pool.build(PDFBuildRequest(cover: TestImages.cover, source: .importing(built), output: "\(folder)/redrawn.pdf")) == 4)
        #expect(pool.idleProcessIDs == children, "each build started a child of its own")
        // The child that drew both copies tries to read a page and to write beside them.
        let test = SandboxSelfTest(port: 9, inheritedDescriptor: 1_000, outsideFile: pages[0], outsideFolder: folder, secrets: [])
        let report = try pool.selfTest(test)
        #expect(pool.idleProcessIDs == children)
        for attempt in report.attempts {
            #expect(attempt.blocked, "\(attempt.name): \(attempt.detail)")
        }
        #expect(report.attempts.contains { $0.name == "read \(pages[0])" && $0.detail.contains("Permission denied") })
        #expect(report.attempts.contains { $0.name.hasPrefix("create \(folder)/") && $0.detail.contains("Permission denied") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["built.pdf", "redrawn.pdf", "scan-001.jpg", "scan-002.jpg"])
    }

    @Test func aChildBuildsAScriptOfMorePagesThanOneMessageHasDescriptorsFor() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pageCount = CheckerChannel.descriptorsPerMessage + 47
        let kinds = try TestImages.files(
            [
                TestTIFF.file([TestTIFF.grey(width: 620, height: 877, dpi: 75, seed: 8)]),
                TestPNG.grey(width: 620, height: 877, dpi: 75, seed: 9),
                try TestImages.jpeg(width: 620, height: 877, dpi: 75, seed: 10),
            ],
            in: folder,
            ext: "scan"
        )
        // A TIFF first and last, a PNG second: every reader works from a descriptor past the first message's.
        let pages = [kinds[0], kinds[1]] + Array(repeating: kinds[2], count: pageCount - 3) + [kinds[0]]
        let pdf = "\(folder)/copy.pdf"
        let child = PDFCheckRunner.childProcesses(executable: PDFCheckFindingsTests.executable, limits: .init())
        let request = PDFBuildRequest(cover: TestImages.cover, source: .pages(pages, verification: .decodeEveryPage), output: pdf)
        #expect(try child.build(request) == pageCount + 1)
        #expect(try PDFChecker.check(fileAt: pdf, expectedPages: pageCount + 1).passed)
        let images = try TestImages.imageList(of: pdf)
        #expect(images.count == pageCount)
        #expect(images.first?[8] == "image" && images.last?[8] == "image" && images[2][8] == "jpeg")
    }

    /// Two small JPEG scans in `folder`, drawn from `seeds`.
    private static func twoScans(in folder: String, seeds: (UInt8, UInt8)) throws -> [String] {
        let scans = [try TestImages.jpeg(width: 400, height: 560, seed: seeds.0), try TestImages.jpeg(width: 400, height: 560, seed: seeds.1)]
        return try TestImages.files(scans, in: folder)
    }
}
