public import NIOPosix

/// Sends each message to an SMTP relay with libcurl: `MAIL FROM` the sender, one `RCPT TO`
/// per recipient, then the message. A recipient the relay refuses fails the whole send.
public struct SMTPMailer: Mailer {
    /// The relay and how to talk to it.
    public let relay: SMTPRelay
    private let threadPool: NIOThreadPool

    /// Checks the relay's URL (an `smtp://` or `smtps://` URL with a host) and that it would not
    /// send credentials in plain text unless allowed (`mail.plaintext_authentication`). libcurl blocks,
    /// so sends run on `threadPool`, never on the cooperative pool.
    public init(relay: SMTPRelay, threadPool: NIOThreadPool = .singleton) throws(MailError) {
        let parsed: TransferURL
        do { parsed = try TransferURL(relay.url) } catch {
            throw .invalidRelay(url: relay.redactedURL, reason: "it is not an absolute URL")
        }
        guard ["smtp", "smtps"].contains(parsed.scheme) else {
            throw .invalidRelay(url: relay.redactedURL, reason: "its scheme must be smtp or smtps")
        }
        guard !parsed.host.isEmpty else { throw .invalidRelay(url: relay.redactedURL, reason: "it names no host") }
        _ = try relay.transportSecurity()
        self.relay = relay
        self.threadPool = threadPool
    }

    /// Sends `message`. Throws `MailError`; or `CancellationError` when the calling task is
    /// cancelled, which breaks off the conversation at once (the relay then has no message).
    public func send(_ message: EmailMessage) async throws {
        let relay = self.relay
        let inactive = MailError.connection(detail: "the mail thread pool is not running", relay: relay.redactedURL)
        try await threadPool.runTransfer(inactive: inactive) { cancellation throws(MailError) in
            try SMTPSend(message: message).run(through: relay, cancellation: cancellation)
        }
    }
}
