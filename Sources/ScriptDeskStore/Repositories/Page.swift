/// A window onto a long listing.
public struct Page: Sendable, Hashable {
    /// The most rows to return (1 to 500).
    public var limit: Int
    /// How many rows to skip.
    public var offset: Int

    /// Clamps `limit` to 1...500 and `offset` to zero or more.
    public init(limit: Int = 50, offset: Int = 0) {
        self.limit = min(max(limit, 1), 500)
        self.offset = max(offset, 0)
    }
}

/// One page of a listing and the size of the whole.
public struct PageOf<Element: Sendable>: Sendable {
    /// The rows on this page.
    public var items: [Element]
    /// The number of rows in the whole listing.
    public var total: Int
    /// The window that was asked for.
    public var page: Page

    /// A page of `items` out of `total` rows, as asked for by `page`.
    public init(items: [Element], total: Int, page: Page) {
        self.items = items
        self.total = total
        self.page = page
    }
}
