/// A request as the test server read it.
struct RecordedRequest: Sendable, Hashable {
    /// The request target, such as `/page.jpg`.
    var path: String
    /// Header values by lowercase name.
    var headers: [String: String]
    /// The port the server listens on, for replies that point back at it.
    var port: Int

    /// The first byte a `Range: bytes=N-` header asks for.
    var rangeStart: Int? {
        guard let range = headers["range"], range.hasPrefix("bytes="), range.hasSuffix("-") else { return nil }
        return Int(range.dropFirst(6).dropLast())
    }

    /// Reads the request line and headers of a head ending in a blank line.
    init?(head: String, port: Int) {
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: true).makeIterator()
        guard let requestLine = lines.next() else { return nil }
        let fields = requestLine.split(separator: " ")
        guard fields.count == 3 else { return nil }
        self.path = String(fields[1])
        self.port = port
        var headers: [String: String] = [:]
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            headers[line[..<colon].lowercased()] = String(value)
        }
        self.headers = headers
    }
}
