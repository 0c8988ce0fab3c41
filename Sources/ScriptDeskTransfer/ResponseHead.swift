/// The head of one HTTP response, read line by line from libcurl's header callback. A new
/// status line (an interim 1xx, or a response after one) starts a new head.
struct ResponseHead: Sendable, Hashable {
    /// The status code; 0 until a status line arrives (and for `file://`).
    var status = 0
    /// The declared `Content-Length`.
    var contentLength: Int64?
    /// The `Content-Range` of a partial response.
    var contentRange: ContentRange?
    /// A strong `ETag` (weak ones cannot guard a resume and are left out).
    var strongETag: String?
    /// Whether the blank line that ends a final (non-1xx) head has arrived.
    var isComplete = false

    /// Takes one raw header line, with its line ending.
    mutating func read(_ line: String) {
        if line.hasPrefix("HTTP/") {
            self = ResponseHead()
            let fields = line.split(separator: " ", maxSplits: 2)
            status = fields.count >= 2 ? Int(fields[1].trimmingWhitespace()) ?? 0 : 0
            return
        }
        if line.trimmingWhitespace().isEmpty {
            isComplete = status == 0 || status >= 200
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingWhitespace()
        switch name {
        case "content-length": contentLength = Int64(value)
        case "content-range": contentRange = ContentRange(value)
        case "etag": strongETag = value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 ? value : nil
        default: break
        }
    }
}
