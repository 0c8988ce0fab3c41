public import Foundation

/// A download area's objects last written before a date, read a page at a time as they are
/// iterated: each element is one page's object ids (empty pages are passed over).
public struct StoredObjectPages: AsyncSequence, Sendable {
    /// One page's object ids.
    public typealias Element = [String]

    let area: any DownloadArea
    let date: Date

    /// The objects of `area` last written before `date`.
    public init(area: any DownloadArea, writtenBefore date: Date) {
        self.area = area
        self.date = date
    }

    /// Reads the first page when first asked.
    public func makeAsyncIterator() -> Iterator {
        Iterator(area: area, date: date)
    }

    /// Reads the pages in turn, each when asked for.
    public struct Iterator: AsyncIteratorProtocol {
        let area: any DownloadArea
        let date: Date
        var cursor: String?
        var finished = false

        init(area: any DownloadArea, date: Date) {
            self.area = area
            self.date = date
        }

        /// The next page with objects on it, or nil once the last page has been read.
        public mutating func next() async throws -> [String]? {
            while !finished {
                let page = try await area.objects(writtenBefore: date, from: cursor)
                cursor = page.next
                finished = page.next == nil
                if !page.objectIDs.isEmpty { return page.objectIDs }
            }
            return nil
        }
    }
}
