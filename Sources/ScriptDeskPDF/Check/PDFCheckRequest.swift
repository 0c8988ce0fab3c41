/// One check asked of a `scriptdesk check --serve` child: a line of JSON on its input.
public struct PDFCheckRequest: Sendable, Hashable, Codable {
    /// The PDF to check.
    public var file: String
    /// The number of pages it must have, when known.
    public var expectedPages: Int?
    /// Where to write the first page's thumbnail, if anywhere.
    public var thumbnail: String?

    public init(file: String, expectedPages: Int? = nil, thumbnail: String? = nil) {
        self.file = file
        self.expectedPages = expectedPages
        self.thumbnail = thumbnail
    }
}
