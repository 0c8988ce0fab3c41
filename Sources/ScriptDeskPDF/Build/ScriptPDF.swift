/// A script copy's PDF as written: how many pages it has and what each scanned page was.
public struct ScriptPDF: Sendable, Hashable {
    /// Pages in the PDF, the cover included.
    public var pageCount: Int
    /// The scanned pages, in order.
    public var scannedPages: [ScannedPageReport]

    /// A PDF of `pageCount` pages (the cover included) and the reports of its scanned pages, in
    /// order.
    public init(pageCount: Int, scannedPages: [ScannedPageReport]) {
        self.pageCount = pageCount
        self.scannedPages = scannedPages
    }

    /// The numbers of scanned pages that look like blank paper.
    public var blankPages: [Int] {
        scannedPages.filter(\.looksBlank).map(\.number)
    }
}
