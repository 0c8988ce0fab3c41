import Foundation
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskTransfer

/// Sends through a real SMTP server: the sink `scripts/test` starts.
@Suite struct SMTPMailerTests {
    static func message(to recipient: String, subject: String = "Test", body: String = "Hello") throws -> EmailMessage {
        try EmailMessage(
            from: EmailAddress("no-reply@scriptdesk.invalid", name: "ScriptDesk Prüfungsamt"),
            to: [EmailAddress(recipient)],
            subject: subject,
            body: body,
            date: Date()
        )
    }

    static func unique(_ localPart: String = "exams") -> String {
        "\(localPart)-\(UUID().uuidString.lowercased())@centre.invalid"
    }

    @Test func aMessageArrivesWithItsEnvelopeHeadersAndTextIntact() async throws {
        let recipient = Self.unique()
        let subject = "Ihre Kopien: 12 werden am 1. März gelöscht – bitte jetzt herunterladen 📄 (Zentrum 12345)"
        let body = """
            Guten Tag,

            12 Kopien (Prüfung „Mathematik“) werden gelöscht.
            .A line that starts with a dot, and = signs, and trailing spaces\u{20}\u{20}
            \(String(repeating: "a long line of words without end ", count: 6))
            Ende.
            """
        let message = try Self.message(to: recipient, subject: subject, body: body)
        try await SMTPMailer(relay: SMTPRelay(url: try SMTPSink.url(), security: .none)).send(message)
        let received = try SMTPSink.received(messageID: message.messageID)
        #expect(received.mailFrom == "no-reply@scriptdesk.invalid")
        #expect(received.recipients == [recipient])
        #expect(received.dataIsASCII)
        #expect(received.defects.isEmpty)
        #expect(received.header("Subject") == subject)
        #expect(received.header("From") == "ScriptDesk Prüfungsamt <no-reply@scriptdesk.invalid>")
        #expect(received.header("To") == recipient)
        #expect(received.header("Date") != nil)
        #expect(received.count(of: "Subject") == 1)
        #expect(received.body.replacingOccurrences(of: "\r\n", with: "\n") == body + "\n")
    }

    @Test func aRefusedRecipientIsAPermanentFailure() async throws {
        let message = try Self.message(to: Self.unique("refused"))
        let mailer = try SMTPMailer(relay: SMTPRelay(url: try SMTPSink.url(), security: .none))
        let error = try await #require(throws: MailError.self) { try await mailer.send(message) }
        guard case .refused(let reply, _, _) = error else {
            Issue.record("expected a refusal, got \(error)")
            return
        }
        #expect(reply == 550)
        #expect(error.code == "mail.refused")
        #expect(!error.isTransient)
    }

    @Test func aClosedPortIsATransientFailure() async throws {
        let port = try LoopbackPort.unused()
        let mailer = try SMTPMailer(relay: SMTPRelay(url: "smtp://127.0.0.1:\(port)", security: .none))
        let error = try await #require(throws: MailError.self) { try await mailer.send(try Self.message(to: Self.unique())) }
        #expect(error.code == "mail.unreachable")
        #expect(error.isTransient)
    }

    @Test func credentialsAreSentAndAWrongPasswordIsRefusedWithoutShowingIt() async throws {
        let url = try SMTPSink.url()
        let good = try Self.message(to: Self.unique())
        let plain = SMTPRelay(url: url, user: "scriptdesk", password: "sink-password", security: .none, allowsPlaintextAuthentication: true)
        try await SMTPMailer(relay: plain).send(good)
        #expect(try SMTPSink.received(messageID: good.messageID).user == "scriptdesk")

        let secret = "wrong-\(UUID().uuidString)"
        let relay = SMTPRelay(url: url, user: "scriptdesk", password: secret, security: .none, allowsPlaintextAuthentication: true)
        let error = try await #require(throws: MailError.self) { try await SMTPMailer(relay: relay).send(try Self.message(to: Self.unique())) }
        #expect(error.code == "mail.authentication")
        #expect(!error.isTransient)
        #expect(!error.message.contains(secret))
        #expect(!"\(error)".contains(secret))
        #expect(!relay.description.contains(secret))
    }

    @Test func requiredTLSIsNotGivenUpForARelayWithoutSTARTTLS() async throws {
        let mailer = try SMTPMailer(relay: SMTPRelay(url: try SMTPSink.url(), security: .required))
        let error = try await #require(throws: MailError.self) { try await mailer.send(try Self.message(to: Self.unique())) }
        #expect(error.code == "mail.tls")
        #expect(!error.isTransient)
    }

    @Test func credentialsAreNotSentToARelayWithoutSTARTTLSUnlessAllowed() async throws {
        let recipient = Self.unique("credentials")
        let message = try Self.message(to: recipient)
        let relay = SMTPRelay(url: try SMTPSink.url(), user: "scriptdesk", password: "sink-password")
        let error = try await #require(throws: MailError.self) { try await SMTPMailer(relay: relay).send(message) }
        #expect(error.code == "mail.tls")
        #expect(!error.isTransient)
        #expect(error.message.contains("TLS is required to send a user name and password"))
        #expect(!error.message.contains("sink-password"))
        #expect(try SMTPSink.received(to: recipient).isEmpty)

        // The same relay with plain text allowed: the sink has the message, and the login.
        var allowed = relay
        allowed.allowsPlaintextAuthentication = true
        try await SMTPMailer(relay: allowed).send(message)
        #expect(try SMTPSink.received(messageID: message.messageID).user == "scriptdesk")
    }

    @Test func aRelayThatIsNotSMTPIsRefusedAtOnce() throws {
        #expect(throws: MailError.self) { try SMTPMailer(relay: SMTPRelay(url: "http://127.0.0.1:25")) }
        #expect(throws: MailError.self) { try SMTPMailer(relay: SMTPRelay(url: "not a url")) }
    }
}
