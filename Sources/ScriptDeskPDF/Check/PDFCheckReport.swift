/// What a passing check found.
public struct PDFCheckReport: Sendable, Hashable {
    /// Pages in the document.
    public var pageCount: Int
    /// Each page's size in points.
    public var pageSizes: [PageSize]

    /// A page's width and height in points.
    public struct PageSize: Sendable, Hashable {
        public var width: Double
        public var height: Double
    }
}
