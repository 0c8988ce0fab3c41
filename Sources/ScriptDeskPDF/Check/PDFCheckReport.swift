/// What a check found: the document's pages, and every finding in the order it was made.
public struct PDFCheckReport: Sendable, Hashable, Codable {
    /// Pages in the document (0 when the check stopped before counting them).
    public var pageCount: Int
    /// Each page's size in points.
    public var pageSizes: [PageSize]
    /// Everything wrong or worth a look; the check passes when none is fatal.
    public var findings: [PDFFinding]
    /// Embedded images whose data was decoded in full.
    public var imagesVerified: Int
    /// Where the first page's thumbnail was written, when one was asked for and written.
    public var thumbnail: String?

    /// Whether the document passed: no finding is fatal.
    public var passed: Bool { !findings.contains(where: \.fatal) }

    /// The first finding that fails the check.
    public var firstFatal: PDFFinding? { findings.first(where: \.fatal) }

    /// A page's width and height in points.
    public struct PageSize: Sendable, Hashable, Codable {
        /// Width in points.
        public var width: Double
        /// Height in points.
        public var height: Double
    }

    /// A report of the one finding that stopped a check before it could read anything.
    public init(stoppedBy finding: PDFFinding) {
        self.init()
        findings = [finding]
    }

    init() {
        self.pageCount = 0
        self.pageSizes = []
        self.findings = []
        self.imagesVerified = 0
        self.thumbnail = nil
    }
}
