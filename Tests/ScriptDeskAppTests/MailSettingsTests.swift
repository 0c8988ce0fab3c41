import Foundation
import ScriptDeskApp
import ScriptDeskTransfer
import Testing

@Suite struct MailSettingsTests {
    @Test func withoutARelayMailGoesToTheOutbox() async throws {
        let settings = try await Settings.resolve(.init(storage: "/tmp/scriptdesk-settings"), environment: [:])
        #expect(settings.mail.relay == nil)
        #expect(settings.mail.from.headerText == Settings.Mail.defaultSender)
        #expect(settings.mail.retentionWarning == .seconds(14 * 86_400))
        #expect(try settings.mail.mailer(outbox: "/tmp/scriptdesk-settings/outbox") is OutboxMailer)
    }

    @Test func theRelayIsReadFromTheEnvironmentAndItsPasswordIsNeverShown() async throws {
        let settings = try await Settings.resolve(
            .init(storage: "/tmp/scriptdesk-settings"),
            environment: [
                "SCRIPTDESK_SMTP_URL": "smtp://relay.invalid:587",
                "SCRIPTDESK_SMTP_USER": "scriptdesk",
                "SCRIPTDESK_SMTP_PASSWORD": "very-secret",
                "SCRIPTDESK_SMTP_TLS": "required",
                "SCRIPTDESK_MAIL_FROM": "Prüfungsamt <exams@board.invalid>",
                "SCRIPTDESK_RETENTION_WARNING_DAYS": "30",
            ]
        )
        let relay = try #require(settings.mail.relay)
        #expect(relay.url == "smtp://relay.invalid:587")
        #expect(relay.user == "scriptdesk")
        #expect(relay.password == "very-secret")
        #expect(relay.security == .required)
        #expect(!relay.description.contains("very-secret"))
        #expect(settings.mail.from.name == "Prüfungsamt")
        #expect(settings.mail.retentionWarning == .seconds(30 * 86_400))
        #expect(try settings.mail.mailer(outbox: "/tmp/unused") is SMTPMailer)
    }

    static let credentials = [
        "SCRIPTDESK_SMTP_URL": "smtp://relay.invalid:587", "SCRIPTDESK_SMTP_USER": "scriptdesk", "SCRIPTDESK_SMTP_PASSWORD": "very-secret",
    ]

    @Test func credentialsWithoutTLSAreRefusedUnlessPlainTextIsAllowed() async throws {
        let refused = try await #require(throws: SettingsError.self) {
            try await Settings.resolve(.init(storage: "/tmp/x"), environment: Self.credentials.merging(["SCRIPTDESK_SMTP_TLS": "none"]) { $1 })
        }
        #expect(refused.message.contains("SCRIPTDESK_SMTP_TLS"))
        #expect(refused.message.contains("SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH"))
        #expect(!refused.message.contains("very-secret"))

        let withoutCredentials = try await Settings.resolve(
            .init(storage: "/tmp/x"),
            environment: ["SCRIPTDESK_SMTP_URL": "smtp://relay.invalid:25", "SCRIPTDESK_SMTP_TLS": "none"]
        )
        #expect(try withoutCredentials.mail.relay?.transportSecurity() == SMTPRelay.Security.none)
        #expect(withoutCredentials.mail.plaintextAuthenticationWarning == nil)

        let byDefault = try await Settings.resolve(.init(storage: "/tmp/x"), environment: Self.credentials)
        #expect(try byDefault.mail.relay?.transportSecurity() == .required)
        #expect(byDefault.mail.plaintextAuthenticationWarning == nil)

        for tls in ["none", "starttls"] {
            let allowed = try await Settings.resolve(
                .init(storage: "/tmp/x"),
                environment: Self.credentials.merging(["SCRIPTDESK_SMTP_TLS": tls, "SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH": "true"]) { $1 }
            )
            #expect(try allowed.mail.relay?.transportSecurity().rawValue == tls)
            let warning = try #require(allowed.mail.plaintextAuthenticationWarning)
            #expect(warning.contains("SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH"))
            #expect(warning.contains("relay.invalid"))
            #expect(!warning.contains("very-secret"))
        }
    }

    @Test func unusableMailSettingsAreRefusedWithTheirName() async throws {
        for (name, value) in [
            ("SCRIPTDESK_SMTP_TLS", "sometimes"), ("SCRIPTDESK_MAIL_FROM", "no address"), ("SCRIPTDESK_RETENTION_WARNING_DAYS", "0"),
            ("SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH", "yes"), ("SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH", "1"),
        ] {
            let error = try await #require(throws: SettingsError.self) {
                try await Settings.resolve(.init(storage: "/tmp/scriptdesk-settings"), environment: [name: value])
            }
            #expect(error.message.contains(name))
        }
        let settings = try await Settings.resolve(.init(storage: "/tmp/x"), environment: ["SCRIPTDESK_SMTP_URL": "http://relay.invalid"])
        #expect(throws: SettingsError.self) { try settings.mail.mailer(outbox: "/tmp/x/outbox") }
    }
}
