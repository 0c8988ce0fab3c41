import NIOCore

/// What the test server does with one request; the connection closes after every reply.
enum Reply: Sendable {
    /// Sends a raw head and body, then closes (a body shorter than its Content-Length is a cut).
    case raw(head: String, body: [UInt8])
    /// Sends a head, then `chunk` every `interval` until the client goes away, or until
    /// `limit` bytes of body have gone (then closes).
    case trickle(head: String, chunk: [UInt8], interval: TimeAmount, limit: Int? = nil)

    /// A head with a status line, the given headers and `Connection: close`.
    static func head(_ status: Int, _ headers: [(String, String)]) -> String {
        var text = "HTTP/1.1 \(status) Scripted\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return text + "Connection: close\r\n\r\n"
    }

    /// A complete answer: status, body, and its true length.
    static func answer(_ status: Int, _ body: [UInt8] = [], headers: [(String, String)] = []) -> Reply {
        .raw(head: head(status, headers + [("Content-Length", "\(body.count)")]), body: body)
    }

    /// `body`, honouring a `Range: bytes=N-` request with a 206 (or a 416 past the end).
    static func serving(_ body: [UInt8], to request: RecordedRequest, etag: String? = nil) -> Reply {
        let tag = etag.map { [("ETag", $0)] } ?? []
        guard let start = request.rangeStart else { return answer(200, body, headers: tag) }
        guard start < body.count else { return answer(416, headers: [("Content-Range", "bytes */\(body.count)")]) }
        let range = ("Content-Range", "bytes \(start)-\(body.count - 1)/\(body.count)")
        return answer(206, Array(body[start...]), headers: tag + [range])
    }

    /// A 200 that declares `body`'s full length and sends only its first `sent` bytes.
    static func cut(_ body: [UInt8], after sent: Int, etag: String? = nil) -> Reply {
        let headers = [("Content-Length", "\(body.count)")] + (etag.map { [("ETag", $0)] } ?? [])
        return .raw(head: head(200, headers), body: Array(body.prefix(sent)))
    }

    /// A redirect to `location`, with a small body of its own that must never reach the file.
    static func redirect(_ location: String, status: Int = 302) -> Reply {
        answer(status, Array("moved elsewhere".utf8), headers: [("Location", location)])
    }
}
