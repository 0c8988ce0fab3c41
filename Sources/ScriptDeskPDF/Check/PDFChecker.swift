#if canImport(Glibc)
import Glibc
#endif

/// Checks a PDF the way a careful reader would, not just by whether poppler opens it.
///
/// poppler rebuilds damaged files, believes a lying page count and renders over damaged
/// images, so the check reads the structure itself first: the cross-reference must point at
/// the right objects, the page tree is walked and counted, and every embedded image is
/// decoded in full and strictly (JPEG at an eighth of the size, which costs little; Flate to
/// its exact size, bounded). poppler then opens the document, loads and measures every page,
/// renders the first page's thumbnail, and anything it logs while doing so fails the check.
///
/// All calls block; run them off the cooperative pool. Each call reads its own copy of the
/// document, so checks on different threads do not interfere.
public enum PDFChecker {
    /// The smallest and largest page side accepted, in points (about 35 mm to 5 m).
    static let saneSide = 100.0...14_400.0
    /// How far from the end `%%EOF` may lie (incremental updates and trailing whitespace).
    static let tailWindow = 1024
    /// The most a page's content stream may inflate to.
    static let maximumContentStream = 16 << 20

    /// Checks the file at `path` and throws the first fatal finding; `expectedPages` when
    /// the caller knows the count, `thumbnail` a path for the first page's PNG.
    @discardableResult
    public static func check(
        fileAt path: String,
        expectedPages: Int? = nil,
        thumbnail: String? = nil
    ) throws(PDFFinding)
        -> PDFCheckReport
    {
        let report = inspect(fileAt: path, expectedPages: expectedPages, thumbnail: thumbnail)
        if let fatal = report.firstFatal { throw fatal }
        return report
    }

    /// Checks the file at `path` and reports every finding rather than stopping at the first.
    public static func inspect(fileAt path: String, expectedPages: Int? = nil, thumbnail: String? = nil) -> PDFCheckReport {
        inspect(PDFCheckRequest(file: path, expectedPages: expectedPages, thumbnail: thumbnail))
    }

    /// Checks as `request` says and reports every finding.
    public static func inspect(_ request: PDFCheckRequest) -> PDFCheckReport {
        let input = open(request.file, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return PDFCheckReport(stoppedBy: unreadable()) }
        defer { close(input) }
        var request = request
        let thumbnail = ThumbnailOutput.opened(for: &request)
        let report = inspect(request, input: input, thumbnail: thumbnail?.descriptor)
        thumbnail?.finish(written: report.thumbnail != nil)
        return report
    }

    /// Checks the file open on `input` as `request` says (its paths only name the files),
    /// writing the thumbnail, when one is asked for, to `thumbnail`. What a checker child runs:
    /// it opens nothing itself.
    static func inspect(_ request: PDFCheckRequest, input: Int32, thumbnail: Int32?) -> PDFCheckReport {
        var report = PDFCheckReport()
        guard let mapped = MappedFile(descriptor: input) else { return PDFCheckReport(stoppedBy: unreadable()) }
        do {
            // The mapping must outlive every read of its bytes, not just the last use of `mapped`.
            var renderPages = try withExtendedLifetime(mapped) { () throws(PDFCheckFailure) in
                try inspectStructure(mapped.bytes, expectedPages: request.expectedPages, into: &report)
            }
            if request.renderEveryPage { renderPages = Set(0..<report.pageCount) }
            let output = request.thumbnail.flatMap { path in thumbnail.map { (path: path, descriptor: $0) } }
            inspectWithPoppler(input: input, renderPages: renderPages, thumbnail: output, into: &report)
        } catch {
            report.findings.append(PDFFinding(error))
        }
        return report
    }

    /// The finding for a file that cannot be opened or mapped, with the system's reason.
    private static func unreadable() -> PDFFinding {
        PDFFinding(.unreadable("the file cannot be read (\(String(cString: strerror(errno))))"))
    }

    /// Header, end marker, encryption, cross-reference, page tree, images and content
    /// streams. Returns the pages whose images only a render can decode.
    private static func inspectStructure(
        _ bytes: UnsafeRawBufferPointer,
        expectedPages: Int?,
        into report: inout PDFCheckReport
    ) throws(PDFCheckFailure) -> Set<Int> {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.starts(with: "%PDF-".utf8) else { throw .notPDF }
        guard bytes.suffix(tailWindow).firstRange(of: "%%EOF".utf8) != nil else { throw .truncated }
        let file = try PDFFile(bytes: bytes)
        guard file.trailer["Encrypt"] == nil else { throw .encrypted }
        let pages = try file.pages()
        report.pageCount = pages.count
        if let expectedPages, expectedPages != pages.count {
            report.findings.append(PDFFinding(.pageCountMismatch(expected: expectedPages, found: pages.count)))
        }
        var renderPages: Set<Int> = []
        for (index, page) in pages.enumerated() {
            let number = index + 1
            if try file.mediaBox(of: page) == nil { report.findings.append(PDFFinding(.missingMediaBox(page: number))) }
            for content in try file.contents(of: page) where content.filters.allSatisfy({ $0 == "FlateDecode" }) {
                _ = try file.decoded(content, limit: maximumContentStream)
            }
            var largest: ReducedImage?
            for image in try file.images(on: page) {
                do {
                    switch try file.verifyImage(image) {
                    case .verified(let preview):
                        report.imagesVerified += 1
                        if let preview, preview.pixels.count > largest?.pixels.count ?? 0 { largest = preview }
                    case .needsRendering:
                        renderPages.insert(index)
                    }
                } catch .objectDamaged(let detail) {
                    report.findings.append(PDFFinding(.imageDamaged(page: number, detail: detail)))
                }
            }
            if largest?.looksBlank == true { report.findings.append(PDFFinding(.blankPage(page: number))) }
        }
        return renderPages
    }
}
