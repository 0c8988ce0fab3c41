import CCurl
import CCurlShim
import ScriptDeskCore

/// One SMTP conversation on its own easy handle: the envelope from the message's addresses
/// and the encoded message uploaded through libcurl's read callback. Blocks.
final class SMTPSend {
    private let message: EmailMessage
    private let bytes: [UInt8]
    private var offset = 0

    init(message: EmailMessage) {
        self.message = message
        self.bytes = message.encoded()
    }

    /// Sends the message; throws the classified failure. Once `cancellation` is set the
    /// conversation stops, and fails as broken off.
    func run(through relay: SMTPRelay, cancellation: TransferCancellation) throws(MailError) {
        let curl: CurlEasy
        do { curl = try CurlEasy() } catch { throw .connection(detail: "libcurl could not create a handle", relay: relay.redactedURL) }
        let security = try relay.transportSecurity()
        let recipients = CurlHeaderList(message.to.map { "<\($0.address)>" })
        let result: CURLcode
        do {
            try configure(curl, relay: relay, security: security, recipients: recipients, cancellation: cancellation)
            result = withExtendedLifetime((self, recipients)) { curl.perform() }
        } catch {
            result = error.code
        }
        guard result != CURLE_OK else { return }
        // STARTTLS required because of the credentials, not because the setting asked for it.
        let forCredentials = result == CURLE_USE_SSL_FAILED && security == .required && relay.security != .required
        let detail = forCredentials ? Self.credentialsNeedTLS : curl.errorDetail
        throw MailError(curl: result, reply: curl.info(CURLINFO_RESPONSE_CODE), detail: detail, relay: relay.redactedURL)
    }

    /// Why a relay without STARTTLS got nothing, when the credentials asked for TLS.
    static let credentialsNeedTLS =
        "the relay does not offer STARTTLS, and TLS is required to send a user name and password "
        + "(SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH=true allows plain text, for a trusted network only)"

    /// Sets the handle up: the connection every transfer shares (the relay's own scheme
    /// only, no proxy from the environment, TLS verified whenever it is used), then STARTTLS
    /// as `security` (the relay's `transportSecurity()`) says, the envelope and the upload of
    /// the message. Throws the first option libcurl refuses.
    private func configure(
        _ curl: CurlEasy,
        relay: SMTPRelay,
        security: SMTPRelay.Security,
        recipients: CurlHeaderList,
        cancellation: TransferCancellation
    ) throws(CurlOptionRefusal) {
        let connection = CurlConnection(
            url: relay.url,
            schemes: relay.isImplicitTLS ? "smtps" : "smtp",
            caBundlePath: relay.caBundlePath,
            connectTimeoutMilliseconds: Int(relay.connectTimeout.wholeMilliseconds),
            totalTimeoutMilliseconds: Int(relay.totalTimeout.wholeMilliseconds),
            user: relay.user,
            password: relay.password
        )
        try curl.setUp(connection, cancellation: cancellation)
        try CurlOptionRefusal.check([
            ("STARTTLS", curl.set(CURLOPT_USE_SSL, Int(security.curlLevel.rawValue))),
            ("the sender", curl.set(CURLOPT_MAIL_FROM, "<\(message.from.address)>")),
            ("the recipients", curl.set(CURLOPT_MAIL_RCPT, pointer: UnsafeMutableRawPointer(recipients.pointer))),
            ("the upload", curl.set(CURLOPT_UPLOAD, 1)),
            ("the message", scriptdesk_curl_setopt_read_callback(curl.handle, Self.readCallback)),
            ("the message", curl.set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(self).toOpaque())),
        ])
    }

    /// Copies the next part of the message into curl's buffer; 0 once it is all sent.
    private func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }

    static let readCallback: scriptdesk_curl_read_callback = { buffer, size, count, userdata in
        guard let buffer, let userdata else { return 0 }
        let send = Unmanaged<SMTPSend>.fromOpaque(userdata).takeUnretainedValue()
        return send.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
    }
}

@available(*, unavailable, message: "a send is driven by libcurl callbacks on one thread")
extension SMTPSend: Sendable {}
