/// The byte range a 206 response holds, from its `Content-Range: bytes first-last/total` header.
struct ContentRange: Sendable, Hashable {
    /// The offset of the first byte sent.
    let first: Int64
    /// The offset of the last byte sent.
    let last: Int64
    /// The whole resource's size, when the server states it (not `*`).
    let total: Int64?

    /// Reads a header value such as `bytes 100-999/1000`; nil for anything else.
    init?(_ value: String) {
        let trimmed = value.trimmingWhitespace()
        guard trimmed.lowercased().hasPrefix("bytes ") else { return nil }
        let spec = trimmed.dropFirst(6)
        let halves = spec.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2 else { return nil }
        let bounds = halves[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first >= 0, last >= first else { return nil }
        self.first = first
        self.last = last
        self.total = halves[1] == "*" ? nil : Int64(halves[1])
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space and line endings.
    func trimmingWhitespace() -> String {
        // `\r\n` is one `Character`, and `isWhitespace` knows it.
        guard let start = firstIndex(where: { !$0.isWhitespace }), let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }
}
