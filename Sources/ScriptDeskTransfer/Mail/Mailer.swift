/// Sends email: through an SMTP relay, or into the outbox folder when none is configured.
public protocol Mailer: Sendable {
    /// Sends (or, for the outbox, durably stores) one message. Throws `MailError`, which
    /// says whether trying again may help.
    func send(_ message: EmailMessage) async throws
}
