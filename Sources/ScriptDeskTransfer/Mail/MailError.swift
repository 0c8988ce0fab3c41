#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a message was not sent, and whether trying again may help. Relay URLs in these
/// values carry no user name or password: they are safe to show and log.
public enum MailError: Error, Sendable, Hashable {
    /// The relay refused the message for good (a 5xx reply, such as an unknown recipient).
    case refused(reply: Int, detail: String, relay: String)
    /// The relay refused the message for now (a 4xx reply, such as a full mailbox or greylisting).
    case deferred(reply: Int, detail: String, relay: String)
    /// The relay could not be reached: its name did not resolve, or the connection was refused.
    case unreachable(detail: String, relay: String)
    /// The relay took longer than allowed.
    case timeout(relay: String)
    /// The relay refused the user name and password.
    case authentication(relay: String)
    /// TLS could not be set up or verified, or the relay does not offer the STARTTLS required.
    case tls(detail: String, relay: String)
    /// The conversation with the relay broke off or went wrong.
    case connection(detail: String, relay: String)
    /// The relay would get the user name and password in plain text: TLS is off and plain-text
    /// authentication is not allowed.
    case plaintextAuthentication(relay: String)
    /// The relay setting cannot be used.
    case invalidRelay(url: String, reason: String)
    /// The outbox file could not be written.
    case outbox(path: String, errno: Int32)

    /// A stable code.
    public var code: String {
        switch self {
        case .refused: "mail.refused"
        case .deferred: "mail.deferred"
        case .unreachable: "mail.unreachable"
        case .timeout: "mail.timeout"
        case .authentication: "mail.authentication"
        case .tls: "mail.tls"
        case .connection: "mail.connection"
        case .plaintextAuthentication: "mail.plaintext_authentication"
        case .invalidRelay: "mail.invalid_relay"
        case .outbox: "mail.outbox"
        }
    }

    /// Whether another attempt may succeed: a relay that is down, slow, busy or deferring may
    /// recover, and a full disk may clear; a refusal, bad credentials or a TLS failure will not.
    public var isTransient: Bool {
        switch self {
        case .deferred, .unreachable, .timeout, .connection, .outbox: true
        case .refused, .authentication, .tls, .plaintextAuthentication, .invalidRelay: false
        }
    }

    /// A sentence for a person, saying what to do about it.
    public var message: String {
        switch self {
        case .refused(let reply, let detail, let relay):
            "The mail relay \(relay) refused the message (\(reply)): \(detail). Check the recipient's address."
        case .deferred(let reply, let detail, let relay):
            "The mail relay \(relay) deferred the message (\(reply)): \(detail); a later attempt may succeed."
        case .unreachable(let detail, let relay):
            "The mail relay \(relay) could not be reached (\(detail)); a later attempt may succeed."
        case .timeout(let relay):
            "The mail relay \(relay) took too long to answer; a later attempt may succeed."
        case .authentication(let relay):
            "The mail relay \(relay) refused the user name and password; check SCRIPTDESK_SMTP_USER and SCRIPTDESK_SMTP_PASSWORD."
        case .tls(let detail, let relay):
            "TLS with the mail relay \(relay) failed (\(detail)); check SCRIPTDESK_SMTP_TLS and the relay's certificate."
        case .connection(let detail, let relay):
            "The conversation with the mail relay \(relay) failed (\(detail)); a later attempt may succeed."
        case .plaintextAuthentication(let relay):
            "SCRIPTDESK_SMTP_TLS=none would send the user name and password to the mail relay \(relay) in plain text; "
                + "set SCRIPTDESK_SMTP_TLS to starttls or required, or, for a relay on a trusted network only, "
                + "SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH=true."
        case .invalidRelay(let url, let reason):
            "The mail relay '\(url)' cannot be used: \(reason)."
        case .outbox(let path, let errno):
            "Could not write the email to \(path): \(String(cString: strerror(errno))); check the disk space and permissions."
        }
    }
}
