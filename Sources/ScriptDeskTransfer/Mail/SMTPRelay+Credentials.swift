extension SMTPRelay {
    /// Whether a user name or password is sent: set here, or in the URL's user information.
    public var hasCredentials: Bool {
        !(user ?? "").isEmpty || !(password ?? "").isEmpty || ((try? TransferURL(url))?.hasUserInfo ?? false)
    }

    /// Whether the relay is `smtps://`, TLS from the first byte.
    var isImplicitTLS: Bool { url.lowercased().hasPrefix("smtps:") }

    /// How the conversation is secured: `smtps://` always by TLS; on `smtp://`, credentials
    /// require STARTTLS (a relay that does not offer it gets nothing), unless plain-text
    /// authentication is allowed; without credentials, `security` as configured. Throws
    /// `mail.plaintext_authentication` for credentials with `security` `.none` and no allowance.
    public func transportSecurity() throws(MailError) -> Security {
        if isImplicitTLS { return .required }
        guard hasCredentials, !allowsPlaintextAuthentication else { return security }
        guard security != .none else { throw .plaintextAuthentication(relay: redactedURL) }
        return .required
    }

    /// Whether the user name and password may cross the network in clear: credentials on
    /// `smtp://` with plain-text authentication allowed and STARTTLS not required.
    public var mayAuthenticateInPlainText: Bool {
        !isImplicitTLS && hasCredentials && allowsPlaintextAuthentication && security != .required
    }
}
