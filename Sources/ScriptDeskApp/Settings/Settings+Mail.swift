import Configuration
import Foundation
public import ScriptDeskCore
public import ScriptDeskTransfer

extension Settings {
    /// How email leaves ScriptDesk: through an SMTP relay when `SCRIPTDESK_SMTP_URL` is set,
    /// otherwise as `.eml` files in `Storage/outbox/`.
    public struct Mail: Sendable {
        /// The relay; `nil` writes to the outbox instead.
        public var relay: SMTPRelay?
        /// The sender of every message.
        public var from: EmailAddress
        /// How long before a series' script retention end each centre with copies is warned.
        public var retentionWarning: Duration

        /// Mail sent through `relay` (`nil`: the outbox), from `from`, with warnings
        /// `retentionWarning` before retention ends.
        public init(relay: SMTPRelay?, from: EmailAddress, retentionWarning: Duration) {
            self.relay = relay
            self.from = from
            self.retentionWarning = retentionWarning
        }

        /// The default sender, at a domain that is reserved never to exist.
        public static let defaultSender = "ScriptDesk <no-reply@scriptdesk.invalid>"

        /// The mailer these settings describe; `outbox` is the folder for the outbox, whose
        /// files are named by `clock`'s time.
        public func mailer(outbox: String, clock: WallClock = .system) throws -> any Mailer {
            guard let relay else { return OutboxMailer(folder: outbox, clock: clock) }
            do throws(MailError) {
                return try SMTPMailer(relay: relay)
            } catch {
                throw SettingsError(message: "SCRIPTDESK_SMTP_URL: \(error.message)")
            }
        }

        /// What start-up warns about, if anything: credentials that may go to the relay in plain
        /// text because `SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH` allows it. Names the relay and the
        /// user, never the password.
        public var plaintextAuthenticationWarning: String? {
            guard let relay, relay.mayAuthenticateInPlainText else { return nil }
            return "SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH=true: the user name and password may be sent "
                + "to the mail relay \(relay) in plain text, where anyone on the network between can read them."
        }

        /// Reads `SCRIPTDESK_SMTP_URL`, `SCRIPTDESK_SMTP_USER`, `SCRIPTDESK_SMTP_PASSWORD` (a
        /// secret), `SCRIPTDESK_SMTP_TLS`, `SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH`,
        /// `SCRIPTDESK_MAIL_FROM` and `SCRIPTDESK_RETENTION_WARNING_DAYS`. Credentials with
        /// `SCRIPTDESK_SMTP_TLS=none` are refused unless plain-text authentication is allowed.
        static func resolve(from config: ConfigReader) throws -> Mail {
            let fromText = config.string(forKey: "scriptdesk.mail.from", default: defaultSender)
            let from: EmailAddress
            do throws(EmailMessageError) { from = try EmailAddress(parsing: fromText) } catch {
                throw SettingsError(message: "SCRIPTDESK_MAIL_FROM: \(error.message) Write it like \(defaultSender).")
            }
            let tlsName = config.string(forKey: "scriptdesk.smtp.tls", default: SMTPRelay.Security.starttls.rawValue)
            guard let security = SMTPRelay.Security(rawValue: tlsName) else {
                let names = SMTPRelay.Security.allCases.map(\.rawValue).joined(separator: ", ")
                throw SettingsError(message: "SCRIPTDESK_SMTP_TLS must be one of \(names), not '\(tlsName)'.")
            }
            let allowText = config.string(forKey: "scriptdesk.smtp.allow.plaintext.auth", default: "false")
            guard let allowsPlaintext = ["true": true, "false": false][allowText] else {
                throw SettingsError(message: "SCRIPTDESK_SMTP_ALLOW_PLAINTEXT_AUTH must be true or false, not '\(allowText)'.")
            }
            let days = config.string(forKey: "scriptdesk.retention.warning.days", default: "14")
            guard let warningDays = Int(days), (1...365).contains(warningDays) else {
                throw SettingsError(message: "SCRIPTDESK_RETENTION_WARNING_DAYS must be a whole number from 1 to 365, not '\(days)'.")
            }
            let relay = config.string(forKey: "scriptdesk.smtp.url", isSecret: true).map { url in
                SMTPRelay(
                    url: url,
                    user: config.string(forKey: "scriptdesk.smtp.user"),
                    password: config.string(forKey: "scriptdesk.smtp.password", isSecret: true),
                    security: security,
                    allowsPlaintextAuthentication: allowsPlaintext
                )
            }
            do throws(MailError) { _ = try relay?.transportSecurity() } catch { throw SettingsError(message: error.message) }
            return Mail(relay: relay, from: from, retentionWarning: .seconds(warningDays * 86_400))
        }
    }
}
