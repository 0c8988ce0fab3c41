/// One check asked of a `scriptdesk check --serve` child: a line of JSON on its input.
public struct PDFCheckRequest: Sendable, Hashable, Codable {
    /// The PDF to check.
    public var file: String
    /// The number of pages it must have, when known.
    public var expectedPages: Int?
    /// Where to write the first page's thumbnail, if anywhere.
    public var thumbnail: String?
    /// Whether poppler renders every page (at low resolution) as well, for a file that is to
    /// be drawn again outside the checker.
    public var renderEveryPage: Bool

    /// A check of `file`; by default with no page count expected, no thumbnail, and only the
    /// first page rendered.
    public init(file: String, expectedPages: Int? = nil, thumbnail: String? = nil, renderEveryPage: Bool = false) {
        self.file = file
        self.expectedPages = expectedPages
        self.thumbnail = thumbnail
        self.renderEveryPage = renderEveryPage
    }
}
