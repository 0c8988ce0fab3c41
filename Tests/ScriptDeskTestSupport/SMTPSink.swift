import Foundation

/// The SMTP server `scripts/test` starts (scripts/smtp_sink.py): its URL, and the messages
/// it received, each as Python's email package read it. Without it the mail tests fail and
/// say how to start it.
public enum SMTPSink {
    /// One message as the sink received and decoded it.
    public struct Received: Decodable, Sendable {
        /// The SMTP `MAIL FROM`.
        public var mailFrom: String
        /// The accepted `RCPT TO` addresses.
        public var recipients: [String]
        /// The message as it arrived.
        public var data: String
        /// Whether every byte that arrived was ASCII.
        public var dataIsASCII: Bool
        /// Each header's name and decoded value, in order.
        public var headers: [[String]]
        /// The body, decoded from its transfer encoding and charset.
        public var body: String
        /// What the parser found wrong with the message.
        public var defects: [String]
        /// The user name the client logged in with, if any.
        public var user: String?

        /// The decoded value of the first header called `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.first?.lowercased() == name.lowercased() }?.last
        }

        /// How many headers are called `name`.
        public func count(of name: String) -> Int {
            headers.filter { $0.first?.lowercased() == name.lowercased() }.count
        }
    }

    /// The sink's `smtp://127.0.0.1:PORT` URL.
    public static func url() throws -> String {
        try environment("SCRIPTDESK_TEST_SMTP_URL")
    }

    /// The message whose Message-ID is `messageID` (without angle brackets). The sink
    /// writes it before it answers the end of the data, so a send that returned has it.
    public static func received(messageID: String) throws -> Received {
        let matches = try all().filter { $0.header("Message-ID") == "<\(messageID)>" }
        guard let found = matches.first else {
            throw TestSupportError(message: "The SMTP sink has no message with Message-ID <\(messageID)>.")
        }
        return found
    }

    /// Every message the sink holds that was sent to `recipient`.
    public static func received(to recipient: String) throws -> [Received] {
        try all().filter { $0.recipients.contains(recipient) }
    }

    private static func all() throws -> [Received] {
        let folder = try environment("SCRIPTDESK_TEST_SMTP_MAILDIR")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        return try names.sorted().map { name in
            try JSONDecoder().decode(Received.self, from: Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)")))
        }
    }

    private static func environment(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw TestSupportError(message: "\(name) is not set: run scripts/test, which starts the SMTP sink.")
        }
        return value
    }
}
