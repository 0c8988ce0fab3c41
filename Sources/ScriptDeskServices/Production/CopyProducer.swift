import Foundation
import NIOPosix
public import ScriptDeskDelivery
public import ScriptDeskPDF
import ScriptDeskQueue
public import ScriptDeskTransfer

/// Fetch → build → check → publish for one script: everything a script-copy job does before
/// it records the download link. The benchmark runs this same code.
public struct CopyProducer: Sendable {
    /// Fetches from the script archive.
    public let fetcher: Fetcher
    /// Where built copies are checked.
    public let checks: PDFCheckRunner
    /// Where copies and thumbnails are published.
    public let downloadArea: any DownloadArea

    /// Fetches with `fetcher`, checks with `checks`, and publishes to `downloadArea`.
    public init(fetcher: Fetcher, checks: PDFCheckRunner, downloadArea: any DownloadArea) {
        self.fetcher = fetcher
        self.checks = checks
        self.downloadArea = downloadArea
    }

    /// What producing a copy gave.
    public struct Produced: Sendable {
        /// The published PDF.
        public var stored: StoredObject
        /// Its published first-page thumbnail.
        public var thumbnail: StoredObject
        /// Pages in the PDF, cover included.
        public var pages: Int
        /// The PDF's SHA-256.
        public var sha256: String
        /// Findings that do not fail the check (a blank-looking page), for operations.
        public var notices: [PDFFinding]
        /// How long each stage took.
        public var timings: Timings
    }

    /// How long each stage took, for logs and benchmarks.
    public struct Timings: Sendable {
        /// Fetching the pages, or the archive's PDF.
        public var fetch: Duration = .zero
        /// Building the PDF, with the check of an archive's PDF.
        public var build: Duration = .zero
        /// Checking the built PDF and writing its thumbnail.
        public var check: Duration = .zero
        /// Hashing and publishing the PDF and its thumbnail.
        public var publish: Duration = .zero
    }

    /// Produces the copy of the script at `location`, working in `staging` (which the caller
    /// owns and removes); `cover` makes the cover sheet once the page count is known.
    public func produce(from location: String, staging: String, cover: @escaping @Sendable (Int) -> CoverSheet) async throws -> Produced {
        let clock = ContinuousClock()
        var timings = Timings()
        var start = clock.now
        let archived = try await ArchiveReader(fetcher: fetcher).fetch(from: location, into: staging)
        timings.fetch = clock.now - start

        let pdf = "\(staging)/copy.pdf"
        let thumbnail = "\(staging)/thumbnail.png"
        let checks = self.checks
        start = clock.now
        let written = try await offload { () throws -> Int in
            switch archived {
            case .pages(let pages):
                // The check that follows decodes every embedded image strictly, so the build
                // reads each JPEG's markers only: each page is decoded once, not twice.
                let request = PDFBuildRequest(cover: cover(pages.count), source: .pages(pages, verification: .markersOnly), output: pdf)
                return try Self.building { () throws(PDFBuildError) in try checks.build(request) }
            case .pdf(let source):
                // The archive's PDF is untrusted: it is checked, every page rendered, in a
                // checker process before poppler draws it again, in a sandboxed child too.
                let report = checks.inspect(PDFCheckRequest(file: source, renderEveryPage: true))
                if let fatal = report.firstFatal {
                    throw JobFailure.archive("The archive's PDF of the script failed its check: \(fatal.message)")
                }
                let request = PDFBuildRequest(cover: cover(report.pageCount), source: .importing(source), output: pdf)
                return try Self.building { () throws(PDFBuildError) in try checks.build(request) }
            }
        }
        timings.build = clock.now - start

        start = clock.now
        let report = try await offload { checks.inspect(fileAt: pdf, expectedPages: written, thumbnail: thumbnail) }
        if let fatal = report.firstFatal { throw JobFailure.check(fatal) }
        guard report.thumbnail != nil else { throw JobFailure.check(PDFFinding(.checkAborted("no thumbnail was written"))) }
        timings.check = clock.now - start

        start = clock.now
        let (sha256, thumbnailSHA256) = try await offload { (try ContentHash.sha256(fileAt: pdf), try ContentHash.sha256(fileAt: thumbnail)) }
        let stored: StoredObject
        let storedThumbnail: StoredObject
        do {
            stored = try await downloadArea.publish(fileAt: pdf, sha256: sha256, as: .pdf)
            storedThumbnail = try await downloadArea.publish(fileAt: thumbnail, sha256: thumbnailSHA256, as: .png)
        } catch let error as DownloadAreaError {
            throw JobFailure.delivery(error)
        }
        timings.publish = clock.now - start
        return Produced(
            stored: stored,
            thumbnail: storedThumbnail,
            pages: written,
            sha256: sha256,
            notices: report.findings,
            timings: timings
        )
    }

    /// Runs a build, its errors classified for the queue.
    private static func building(_ build: () throws(PDFBuildError) -> Int) throws(JobFailure) -> Int {
        do {
            return try build()
        } catch {
            throw JobFailure.build(error)
        }
    }

    /// Runs blocking work (C libraries, file hashing) on NIO's thread pool, never on the
    /// cooperative pool.
    private func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
