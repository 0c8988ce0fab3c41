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

    /// Sends the message; throws the classified failure.
    func run(through relay: SMTPRelay) throws(MailError) {
        let curl: CurlEasy
        do { curl = try CurlEasy() } catch { throw .connection(detail: "libcurl could not create a handle", relay: relay.redactedURL) }
        let recipients = CurlHeaderList(message.to.map { "<\($0.address)>" })
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let result = errorBuffer.withUnsafeMutableBytes { buffer -> CURLcode in
            curl.set(CURLOPT_ERRORBUFFER, pointer: buffer.baseAddress)
            if let failure = configure(curl, relay: relay, recipients: recipients) { return failure }
            let result = withExtendedLifetime((self, recipients)) { curl.perform() }
            curl.set(CURLOPT_ERRORBUFFER, pointer: nil)
            return result
        }
        guard result != CURLE_OK else { return }
        let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        throw MailError(curl: result, reply: curl.info(CURLINFO_RESPONSE_CODE), detail: detail, relay: relay.redactedURL)
    }

    /// Sets the handle's options; returns the code of the first one libcurl refuses. Only
    /// the relay's own scheme is allowed, no proxy from the environment is used, and TLS is
    /// verified whenever it is used.
    private func configure(_ curl: CurlEasy, relay: SMTPRelay, recipients: CurlHeaderList) -> CURLcode? {
        let security: curl_usessl =
            switch relay.security {
            case .none: CURLUSESSL_NONE
            case .starttls: CURLUSESSL_TRY
            case .required: CURLUSESSL_ALL
            }
        let scheme = relay.url.lowercased().hasPrefix("smtps:") ? "smtps" : "smtp"
        let codes: [CURLcode] = [
            curl.set(CURLOPT_URL, relay.url),
            curl.set(CURLOPT_PROTOCOLS_STR, scheme),
            curl.set(CURLOPT_PROXY, ""),
            curl.set(CURLOPT_USE_SSL, Int(security.rawValue)),
            curl.set(CURLOPT_SSL_VERIFYPEER, 1),
            curl.set(CURLOPT_SSL_VERIFYHOST, 2),
            relay.caBundlePath.map { curl.set(CURLOPT_CAINFO, $0) } ?? CURLE_OK,
            relay.user.map { curl.set(CURLOPT_USERNAME, $0) } ?? CURLE_OK,
            relay.password.map { curl.set(CURLOPT_PASSWORD, $0) } ?? CURLE_OK,
            curl.set(CURLOPT_MAIL_FROM, "<\(message.from.address)>"),
            scriptdesk_curl_setopt_pointer(curl.handle, CURLOPT_MAIL_RCPT, UnsafeMutableRawPointer(recipients.pointer)),
            curl.set(CURLOPT_UPLOAD, 1),
            scriptdesk_curl_setopt_read_callback(curl.handle, Self.readCallback),
            scriptdesk_curl_setopt_pointer(curl.handle, CURLOPT_READDATA, Unmanaged.passUnretained(self).toOpaque()),
            curl.set(CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(relay.connectTimeout.wholeMilliseconds))),
            curl.set(CURLOPT_TIMEOUT_MS, max(1, Int(relay.totalTimeout.wholeMilliseconds))),
        ]
        return codes.first { $0 != CURLE_OK }
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
