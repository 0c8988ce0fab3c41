import Foundation
import Testing

@testable import ScriptDeskPDF

/// What a build leaves: its PDF, private to its owner whatever the umask.
@Suite struct BuildOutputTests {
    @Test func copiesAndThumbnailsAreTheOwnersAloneUnderUmaskZero() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = try TestImages.files([try TestImages.jpeg(width: 400, height: 560, seed: 4)], in: folder)
        let pool = PDFCheckerPool(executable: PDFCheckFindingsTests.executable, limits: .init())
        let source = PDFBuildRequest.Source.pages(pages, verification: .markersOnly)
        try ThreadUmask.with(0) {
            // A file created here without an explicit mode is open to everyone.
            #expect(FileManager.default.createFile(atPath: "\(folder)/plain", contents: Data()))
            #expect(try ThreadUmask.mode("\(folder)/plain") == 0o666)
            _ = try PDFCheckRunner.inProcess.build(PDFBuildRequest(cover: TestImages.cover, source: source, output: "\(folder)/here.pdf"))
            _ = try pool.build(PDFBuildRequest(cover: TestImages.cover, source: source, output: "\(folder)/child.pdf"))
            let report = pool.inspect(PDFCheckRequest(file: "\(folder)/child.pdf", expectedPages: 2, thumbnail: "\(folder)/thumbnail.png"))
            #expect(report.thumbnail != nil)
        }
        for file in ["here.pdf", "child.pdf", "thumbnail.png"] {
            #expect(try ThreadUmask.mode("\(folder)/\(file)") == 0o600, "\(file)")
        }
    }
}
