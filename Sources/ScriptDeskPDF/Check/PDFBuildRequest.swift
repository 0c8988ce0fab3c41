/// A copy to build from archive files, in a sandboxed child that may read them and write
/// only in the output's folder: from scanned pages (libtiff, libturbojpeg and cairo on
/// untrusted images), or by drawing the archive's own PDF again (poppler on an untrusted
/// document).
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
    /// returns the pages written.
    func run(reading inputs: [Int32], writingTo output: Int32) throws(PDFBuildError) -> Int {
        switch source {
        case .pages(_, let verification):
            try ScriptPDFBuilder.writeCopy(cover: cover, pages: inputs, verifying: verification, to: output).pageCount
        case .importing:
            try ScriptPDFBuilder.writeImport(cover: cover, source: inputs[0], to: output)
        }
    }

    /// The folders the build reads from.
    var inputFolders: [String] {
        switch source {
        case .pages(let pages, _): Array(Set(pages.map(Self.folder(of:)))).sorted()
        case .importing(let source): [Self.folder(of: source)]
        }
    }

    /// The output's folder, where the build writes its partial file and renames it.
    var outputFolder: String { Self.folder(of: output) }

    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// What a child's build came to: the pages written, or why there are none.
struct PDFBuildReply: Codable {
    var pageCount: Int?
    var failure: PDFBuildError?
}
