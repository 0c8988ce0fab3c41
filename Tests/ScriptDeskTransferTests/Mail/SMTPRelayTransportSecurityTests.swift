import CCurl
import Foundation
import Testing

@testable import ScriptDeskTransfer

/// The relay settings decide what libcurl is told about TLS: credentials never go to an
/// `smtp://` relay in plain text unless that is allowed in so many words.
@Suite struct SMTPRelayTransportSecurityTests {
    /// Ways of configuring credentials: none, a user, a password, or both in the URL.
    static let credentials: [(name: String, url: String, user: String?, password: String?)] = [
        ("none", "smtp://relay.invalid:587", nil, nil),
        ("user", "smtp://relay.invalid:587", "scriptdesk", nil),
        ("password", "smtp://relay.invalid:587", nil, "secret"),
        ("user and password", "smtp://relay.invalid:587", "scriptdesk", "secret"),
        ("in the URL", "smtp://scriptdesk:secret@relay.invalid:587", nil, nil),
    ]

    /// `smtp://`: (configured security, credentials, allowance) → curl's level, or `nil` for a refusal.
    static let table: [(SMTPRelay.Security, Bool, Bool, curl_usessl?)] = [
        (.none, false, false, CURLUSESSL_NONE),
        (.none, false, true, CURLUSESSL_NONE),
        (.none, true, false, nil),
        (.none, true, true, CURLUSESSL_NONE),
        (.starttls, false, false, CURLUSESSL_TRY),
        (.starttls, false, true, CURLUSESSL_TRY),
        (.starttls, true, false, CURLUSESSL_ALL),
        (.starttls, true, true, CURLUSESSL_TRY),
        (.required, false, false, CURLUSESSL_ALL),
        (.required, false, true, CURLUSESSL_ALL),
        (.required, true, false, CURLUSESSL_ALL),
        (.required, true, true, CURLUSESSL_ALL),
    ]

    @Test func everyCombinationOnSMTPGivesCurlTheExpectedLevel() throws {
        #expect(Set(Self.table.map { "\($0.0)-\($0.1)-\($0.2)" }).count == 3 * 2 * 2)
        for (security, hasCredentials, allowed, expected) in Self.table {
            for credential in Self.credentials where (credential.name != "none") == hasCredentials {
                let relay = SMTPRelay(
                    url: credential.url,
                    user: credential.user,
                    password: credential.password,
                    security: security,
                    allowsPlaintextAuthentication: allowed
                )
                let context = "\(security), credentials \(credential.name), allowed \(allowed)"
                #expect(relay.hasCredentials == hasCredentials, "\(context)")
                if let expected {
                    #expect(try relay.transportSecurity().curlLevel == expected, "\(context)")
                } else {
                    #expect(throws: MailError.plaintextAuthentication(relay: "smtp://relay.invalid:587"), "\(context)") {
                        try relay.transportSecurity()
                    }
                    #expect(throws: MailError.self, "\(context)") { try SMTPMailer(relay: relay) }
                }
                let plainTextPossible = hasCredentials && allowed && security != .required
                #expect(relay.mayAuthenticateInPlainText == plainTextPossible, "\(context)")
            }
        }
    }

    @Test func smtpsIsTLSFromTheFirstByteWhateverTheSettingsSay() throws {
        for security in SMTPRelay.Security.allCases {
            for allowed in [false, true] {
                for credential in Self.credentials {
                    let relay = SMTPRelay(
                        url: credential.url.replacingOccurrences(of: "smtp://", with: "smtps://"),
                        user: credential.user,
                        password: credential.password,
                        security: security,
                        allowsPlaintextAuthentication: allowed
                    )
                    #expect(try relay.transportSecurity().curlLevel == CURLUSESSL_ALL)
                    #expect(!relay.mayAuthenticateInPlainText)
                }
            }
        }
    }

    @Test func theRefusalNamesBothSettingsAndNotThePassword() {
        let error = MailError.plaintextAuthentication(relay: SMTPRelay(url: "smtp://user:hunter2@relay.invalid").redactedURL)
        #expect(error.code == "mail.plaintext_authentication")
        #expect(!error.isTransient)
        #expect(error.message.contains("SCRIPTDESK_SMTP_TLS"))
        #expect(error.message.contains("SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH"))
        #expect(!error.message.contains("hunter2"))
    }
}
