import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The files of one build, opened by whoever runs it rather than by what builds: each page
/// (or the archive's PDF) read-only, and the output's partial file. The builder, in this
/// process or in a sandboxed child, is handed the descriptors and opens nothing itself.
/// Closes the inputs in `deinit`; the partial file is removed unless committed.
final class PDFBuildFiles {
    /// The inputs in the source's order: one per page, or the archive's PDF.
    let inputs: [Int32]
    /// Where the PDF is written.
    let output: PartialFile

    /// Opens what `source` names and creates the partial file beside `path`. The page count
    /// is checked first, so a script of too many pages opens nothing; a page that cannot be
    /// opened is that page's `pdf.unreadable_page`, an archive's PDF `pdf.source_unreadable`.
    init(opening source: PDFBuildRequest.Source, output path: String) throws(PDFBuildError) {
        let inputs = try Self.open(source)
        do {
            output = try PartialFile(for: path)
        } catch {
            for input in inputs { close(input) }
            throw .cairo(status: error.description)
        }
        self.inputs = inputs
    }

    deinit {
        for input in inputs { close(input) }
    }

    /// Runs `write` on the descriptors of what `source` names and of a partial file beside
    /// `path`, then puts the PDF in place. When `write` throws, or the PDF cannot be put in
    /// place, the partial file is removed.
    static func build<Result>(
        _ source: PDFBuildRequest.Source,
        into path: String,
        _ write: (_ inputs: [Int32], _ output: Int32) throws(PDFBuildError) -> Result
    ) throws(PDFBuildError) -> Result {
        let files = try PDFBuildFiles(opening: source, output: path)
        // Kept alive until the PDF is in place: its descriptors are in use until then.
        return try withExtendedLifetime(files) { () throws(PDFBuildError) -> Result in
            let result: Result
            do throws(PDFBuildError) {
                result = try write(files.inputs, files.output.descriptor)
            } catch {
                files.output.discard()
                throw error
            }
            do throws(PartialFile.Failure) {
                try files.output.commit()
            } catch {
                throw .cairo(status: error.description)
            }
            return result
        }
    }

    private static func open(_ source: PDFBuildRequest.Source) throws(PDFBuildError) -> [Int32] {
        switch source {
        case .pages(let pages, _):
            try ScriptPDFBuilder.checkPageCount(pages.count)
            DescriptorLimit.raise()
            var opened: [Int32] = []
            opened.reserveCapacity(pages.count)
            for (index, page) in pages.enumerated() {
                let descriptor = Glibc.open(page, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else {
                    let reason = String(cString: strerror(errno))
                    for input in opened { close(input) }
                    throw .unreadablePage(page: index + 1, reason: reason)
                }
                opened.append(descriptor)
            }
            return opened
        case .importing(let source):
            let descriptor = Glibc.open(source, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .unreadableSource(reason: "cannot open it: \(String(cString: strerror(errno)))") }
            return [descriptor]
        }
    }
}

@available(*, unavailable, message: "owns descriptors in use by one build")
extension PDFBuildFiles: Sendable {}
