import Foundation
import Synchronization
import Testing

@testable import ScriptDeskPDF

#if canImport(Glibc)
import Glibc
#endif

/// What a build leaves: its PDF, private to its owner whatever the umask, or nothing at all,
/// even when the child drawing it is killed part-way.
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

    @Test(.timeLimit(.minutes(2))) func aChildKilledPartWayThroughABuildLeavesNoPartialFile() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Large pages, each decoded in full: the build is still drawing when the child is killed.
        let scan = try TestImages.files([try TestImages.jpeg(width: 1700, height: 2400, dpi: 200, seed: 5)], in: folder)[0]
        let pool = PDFCheckerPool(executable: PDFCheckFindingsTests.executable, limits: .init())
        _ = try pool.build(PDFBuildRequest(cover: TestImages.cover, source: .pages([scan], verification: .markersOnly), output: "\(folder)/warm.pdf"))
        try FileManager.default.removeItem(atPath: "\(folder)/warm.pdf")
        // The next build takes the child that is idle now.
        let child = try #require(pool.idleProcessIDs.last)
        let request = PDFBuildRequest(
            cover: TestImages.cover,
            source: .pages(Array(repeating: scan, count: 200), verification: .decodeEveryPage),
            output: "\(folder)/copy.pdf"
        )
        let outcome = Mutex<Result<Int, PDFBuildError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let result = Result { () throws(PDFBuildError) in try pool.build(request) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        // Once the child has written part of the PDF, it is killed as a crash would end it.
        let written = Self.waitForPartialFile(in: folder, until: .now + .seconds(60))
        #expect(written, "the child never wrote to the partial file")
        kill(child, SIGKILL)
        done.wait()
        let result = try #require(outcome.withLock { $0 })
        #expect(throws: PDFBuildError.self) { try result.get() }
        if case .failure(let error) = result { #expect(error.code == "pdf.build_aborted") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["scan-001.jpg"])
        #expect(!pool.idleProcessIDs.contains(child))
    }

    /// Whether a partial file with something in it appears in `folder` before `deadline`.
    private static func waitForPartialFile(in folder: String, until deadline: ContinuousClock.Instant) -> Bool {
        while ContinuousClock.now < deadline {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names where name.contains(PartialFile.suffix) {
                var status = stat()
                if stat("\(folder)/\(name)", &status) == 0, status.st_size > 0 { return true }
            }
            usleep(2_000)
        }
        return false
    }
}
