/// A copy to build from archive files: from scanned pages (libtiff, libturbojpeg and cairo
/// on untrusted images), or by drawing the archive's own PDF again (poppler on an untrusted
/// document). Whoever runs it opens the files (`PDFBuildFiles`); in a sandboxed child, the
/// builder gets their descriptors with the request and opens nothing.
public struct PDFBuildRequest: Sendable, Hashable, Codable {
    /// Where the pages come from.
    public enum Source: Sendable, Hashable, Codable {
        /// Image files, one per scanned page, in order, each JPEG verified as `verification` says.
        case pages([String], verification: JPEGVerification)
        /// The archive's PDF of the script, already checked with every page rendered.
        case importing(String)
    }

    /// The cover sheet.
    public var cover: CoverSheet
    /// The pages.
    public var source: Source
    /// The PDF to write (replaced only when the build succeeds).
    public var output: String

    /// A build of `source` behind `cover`, into `output`.
    public init(cover: CoverSheet, source: Source, output: String) {
        self.cover = cover
        self.source = source
        self.output = output
    }

    /// Builds here, on the calling thread, and returns the pages written, the cover included.
    func run() throws(PDFBuildError) -> Int {
        try PDFBuildFiles.build(source, into: output) { inputs, output throws(PDFBuildError) in
            try run(reading: inputs, writingTo: output)
        }
    }

    /// Builds from the descriptors of the source's files, in its order, into `output`, and
    /// returns the pages written: what a checker child runs with the descriptors it is sent.
    func run(reading inputs: [Int32], writingTo output: Int32) throws(PDFBuildError) -> Int {
        switch source {
        case .pages(_, let verification):
            try ScriptPDFBuilder.writeCopy(cover: cover, pages: inputs, verifying: verification, to: output).pageCount
        case .importing:
            try ScriptPDFBuilder.writeImport(cover: cover, source: inputs[0], to: output)
        }
    }

    /// How many input descriptors the build reads: one a page, or the archive's PDF.
    var inputCount: Int {
        switch source {
        case .pages(let pages, _): pages.count
        case .importing: 1
        }
    }
}

/// What a child's build came to: the pages written, or why there are none.
struct PDFBuildReply: Codable {
    var pageCount: Int?
    var failure: PDFBuildError?
}
