/// Something the test server did on a connection, in order, for a test to wait on.
enum ServerEvent: Sendable, Equatable {
    /// It accepted a connection.
    case connected
    /// It wrote another chunk of a trickled body: `bodyBytes` on that connection so far.
    case sent(bodyBytes: Int)
    /// A connection closed after `bodyBytes` of a trickled body were written on it (0 for
    /// any other reply).
    case closed(bodyBytes: Int)

    /// Whether this is a `.sent`.
    var isSent: Bool {
        if case .sent = self { return true }
        return false
    }

    /// The body bytes of a `.closed`, nil for anything else.
    var closedAfter: Int? {
        if case .closed(let bodyBytes) = self { return bodyBytes }
        return nil
    }
}
