import Foundation
import Testing

@testable import ScriptDeskPDF

/// Copies built from archive files in a sandboxed child: the same document as a build in
/// process, and a child that dies fails its build without taking anything else down.
@Suite struct SandboxedBuildTests {
    @Test func aChildBuildsTheSameCopyFromPagesAndFromAnArchivedPDF() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = try TestImages.files(
            [try TestImages.jpeg(width: 400, height: 560, seed: 1), try TestImages.jpeg(width: 400, height: 560, seed: 2)],
            in: folder
        )
        let child = PDFCheckRunner.childProcesses(executable: PDFCheckFindingsTests.executable, limits: .init())
        let built = "\(folder)/built.pdf"
        let fromPages = PDFBuildRequest(cover: TestImages.cover, source: .pages(pages, verification: .decodeEveryPage), output: built)
        #expect(try child.build(fromPages) == 3)
        #expect(try PDFChecker.check(fileAt: built, expectedPages: 3).passed)
        let inProcess = "\(folder)/in-process.pdf"
        #expect(try PDFCheckRunner.inProcess.build(PDFBuildRequest(cover: TestImages.cover, source: fromPages.source, output: inProcess)) == 3)
        #expect(try PDFChecker.inspect(fileAt: built).pageSizes == PDFChecker.inspect(fileAt: inProcess).pageSizes)
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
}
