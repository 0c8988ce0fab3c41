/// Where and how mail is handed on: an `smtp://` or `smtps://` relay, optional credentials,
/// whether STARTTLS is used, and how long the conversation may take. Its description never
/// shows the password. Credentials are only sent over TLS unless
/// `allowsPlaintextAuthentication` says otherwise (see `transportSecurity()`).
public struct SMTPRelay: Sendable, Hashable, CustomStringConvertible {
    /// Whether the conversation on an `smtp://` relay is upgraded to TLS with STARTTLS
    /// (`smtps://` is TLS from the first byte, whatever this says).
    public enum Security: String, Sendable, CaseIterable {
        /// Plain text; for a relay on the same host or a trusted network only.
        case none
        /// STARTTLS when the relay offers it, plain text when it does not.
        case starttls
        /// STARTTLS or nothing: a relay that does not offer it gets no message.
        case required
    }

    /// The relay, `smtp://host:587` or `smtps://host:465`; a path names the domain to greet with.
    public var url: String
    /// The user name, when the relay wants one.
    public var user: String?
    /// The password, when the relay wants one. A secret: never logged or shown.
    public var password: String?
    /// STARTTLS or not, as configured; `transportSecurity()` is what is used.
    public var security: Security
    /// Whether a user name and password may be sent to an `smtp://` relay without TLS. Off by
    /// default: credentials then require STARTTLS, whatever `security` says.
    public var allowsPlaintextAuthentication: Bool
    /// How long connecting (and a TLS handshake) may take.
    public var connectTimeout: Duration
    /// How long the whole conversation may take.
    public var totalTimeout: Duration
    /// A CA bundle to verify the relay's certificate with, instead of the system's.
    public var caBundlePath: String?

    /// A relay at `url`; by default STARTTLS when offered (required when there are credentials),
    /// 10 seconds to connect and 60 for the whole conversation.
    public init(
        url: String,
        user: String? = nil,
        password: String? = nil,
        security: Security = .starttls,
        allowsPlaintextAuthentication: Bool = false,
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(60),
        caBundlePath: String? = nil
    ) {
        self.url = url
        self.user = user
        self.password = password
        self.security = security
        self.allowsPlaintextAuthentication = allowsPlaintextAuthentication
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.caBundlePath = caBundlePath
    }

    /// The relay URL without user information, query or fragment.
    public var redactedURL: String { TransferURL.redact(url) }

    /// The redacted URL, the security and the user: never the password.
    public var description: String {
        "\(redactedURL) (TLS: \(security.rawValue)\(user.map { ", user \($0)" } ?? ""))"
    }
}
