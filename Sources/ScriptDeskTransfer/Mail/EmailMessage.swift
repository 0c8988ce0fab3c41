public import Foundation

/// A plain-text email: sender, recipients, subject and body, with the Date and Message-ID
/// it is sent with. Every header value is checked when the message is made: one with a
/// line break is refused, so no value can add headers of its own.
public struct EmailMessage: Sendable, Hashable {
    /// Who it is from (the `From` header and the SMTP `MAIL FROM`).
    public let from: EmailAddress
    /// Who it goes to (the `To` header and one SMTP `RCPT TO` each).
    public let to: [EmailAddress]
    /// The subject, any text on one line.
    public let subject: String
    /// The body, plain text; any line endings.
    public let body: String
    /// The `Date` header.
    public let date: Date
    /// The `Message-ID` header without its angle brackets, `left@right`. A message sent
    /// again with the same id is known to readers as the same message.
    public let messageID: String

    /// Makes a message; without `messageID`, a new unique one at the sender's domain.
    public init(
        from: EmailAddress,
        to: [EmailAddress],
        subject: String,
        body: String,
        date: Date,
        messageID: String? = nil
    ) throws(EmailMessageError) {
        guard !to.isEmpty else { throw .invalidAddress("", reason: "a message needs at least one recipient") }
        if subject.contains(where: \.isNewline) { throw .headerInjection(field: "subject") }
        guard !subject.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\t" }) else {
            throw .invalidHeaderValue(field: "subject", reason: "it holds a control character")
        }
        let id = messageID ?? "\(UUID().uuidString.lowercased())@\(from.domain)"
        if id.contains(where: \.isNewline) { throw .headerInjection(field: "message id") }
        guard (try? EmailAddress(id)) != nil else {
            throw .invalidHeaderValue(field: "message id", reason: "'\(id)' is not of the form left@right in printable ASCII")
        }
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = id
    }

    /// The message as RFC 5322 text with CRLF line endings, all ASCII: the subject and names
    /// RFC 2047-encoded where they are not ASCII, the body UTF-8 in quoted-printable.
    public func encoded() -> [UInt8] {
        var lines = [
            "Date: \(Self.headerDate(date))",
            "From: \(from.headerText)",
            "To: \(HeaderEncoding.fold(to.map(\.headerText).enumerated().map { $0 < to.count - 1 ? "\($1)," : $1 }, startingAt: 4))",
            "Subject: \(HeaderEncoding.unstructured(subject, field: "Subject"))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
        ]
        lines.append(QuotedPrintable.encode(body))
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// `Tue, 01 Sep 2026 09:00:00 +0000` (RFC 5322 §3.3), always in UTC.
    static func headerDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
