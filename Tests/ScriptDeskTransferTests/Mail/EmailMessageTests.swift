import Foundation
import Testing

@testable import ScriptDeskTransfer

@Suite struct EmailMessageTests {
    static let sender = try! EmailAddress("no-reply@scriptdesk.invalid", name: "ScriptDesk")
    static let recipient = try! EmailAddress("exams@northgate.invalid")

    static func message(subject: String = "Copies", body: String = "Hello") throws -> EmailMessage {
        try EmailMessage(from: sender, to: [recipient], subject: subject, body: body, date: Date(timeIntervalSince1970: 1_788_253_200))
    }

    @Test func aLineBreakInAHeaderValueIsRefused() throws {
        #expect(throws: EmailMessageError.headerInjection(field: "subject")) {
            try Self.message(subject: "Copies\r\nBcc: everyone@elsewhere.invalid")
        }
        #expect(throws: EmailMessageError.headerInjection(field: "subject")) { try Self.message(subject: "Copies\nBcc: x@y.invalid") }
        #expect(throws: EmailMessageError.headerInjection(field: "display name")) {
            try EmailAddress("a@b.invalid", name: "Name\rBcc: x@y.invalid")
        }
        #expect(throws: EmailMessageError.headerInjection(field: "address")) { try EmailAddress("a@b.invalid\r\nBcc: x@y.invalid") }
        #expect(throws: EmailMessageError.self) { try EmailAddress("a@b.invalid>\u{0}") }
        #expect(throws: EmailMessageError.self) { try EmailAddress("two words@b.invalid") }
        #expect(throws: EmailMessageError.self) { try EmailAddress("no-at-sign.invalid") }
    }

    @Test func anAddressIsReadWithOrWithoutAName() throws {
        let named = try EmailAddress(parsing: "ScriptDesk <no-reply@scriptdesk.invalid>")
        #expect(named.address == "no-reply@scriptdesk.invalid")
        #expect(named.name == "ScriptDesk")
        let quoted = try EmailAddress(parsing: "\"Exams, Office\" <exams@school.invalid>")
        #expect(quoted.name == "Exams, Office")
        #expect(quoted.headerText == "\"Exams, Office\" <exams@school.invalid>")
        let bare = try EmailAddress(parsing: " exams@school.invalid ")
        #expect(bare.name == nil)
        #expect(bare.headerText == "exams@school.invalid")
    }

    @Test func theMessageIsASCIIWithCRLFAndShortLines() throws {
        let subject = "Kopien Ihrer Prüfungsarbeiten werden gelöscht – 12 Kopien, Frist 1. März 2027 ✅"
        let body = "Grüße aus Köln.\n" + String(repeating: "Ä long line with = signs and spaces ", count: 8) + "  \nEnd"
        let text = try Self.message(subject: subject, body: body).encoded()
        #expect(text.allSatisfy { $0 < 0x80 })
        let string = String(decoding: text, as: UTF8.self)
        #expect(!string.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!string.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let lines = string.components(separatedBy: "\r\n")
        let blank = try #require(lines.firstIndex(of: ""))
        #expect(lines[..<blank].allSatisfy { $0.utf8.count <= 78 })
        #expect(lines[blank...].allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.contains("Date: Tue, 01 Sep 2026 09:00:00 +0000"))
        #expect(lines.contains("From: ScriptDesk <no-reply@scriptdesk.invalid>"))
        #expect(lines.contains("Content-Transfer-Encoding: quoted-printable"))
        let encodedWords = string.split(whereSeparator: { $0 == " " || $0.isNewline }).filter { $0.hasPrefix("=?UTF-8?B?") }
        #expect(encodedWords.count >= 2)
        #expect(encodedWords.allSatisfy { $0.utf8.count <= 75 && $0.hasSuffix("?=") })
        // Trailing spaces survive as =20, an equals sign as =3D.
        #expect(string.contains("=3D"))
        #expect(string.contains(" =20\r\nEnd"))
    }

    @Test func anASCIISubjectStaysReadable() throws {
        let string = String(decoding: try Self.message(subject: "Copies to be deleted on 1 March").encoded(), as: UTF8.self)
        #expect(string.contains("\r\nSubject: Copies to be deleted on 1 March\r\n"))
    }
}
