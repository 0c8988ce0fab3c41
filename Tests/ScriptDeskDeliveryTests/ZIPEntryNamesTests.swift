import Foundation
import Testing

@testable import ScriptDeskDelivery

@Suite struct ZIPEntryNamesTests {
    /// What every name must be, whatever was wanted.
    static func expectSafe(_ name: ZIPEntryName, sourceLocation: SourceLocation = #_sourceLocation) {
        let value = name.value
        #expect(!value.isEmpty, sourceLocation: sourceLocation)
        #expect(value.utf8.count <= ZIPEntryName.maximumByteCount, sourceLocation: sourceLocation)
        #expect(!value.hasPrefix(".") && !value.hasPrefix(" "), "\(value)", sourceLocation: sourceLocation)
        #expect(!value.hasSuffix(".") && !value.hasSuffix(" "), "\(value)", sourceLocation: sourceLocation)
        let refused = value.unicodeScalars.filter { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || "/\\<>:\"|?*".unicodeScalars.contains($0) }
        #expect(refused.isEmpty, "\(value.debugDescription)", sourceLocation: sourceLocation)
        #expect(value == value.precomposedStringWithCanonicalMapping, sourceLocation: sourceLocation)
        #expect(!value.split(separator: ".").isEmpty, sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        ("Paper 1/Candidate 0001.pdf", "Paper 1_Candidate 0001.pdf"),
        ("C:\\exams\\script.pdf", "C__exams_script.pdf"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("..\\..\\evil.pdf", "_.._evil.pdf"),
        ("..", "script.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        (" . .leading.pdf", "leading.pdf"),
        ("a\u{0}b\u{1F}c\u{7F}d\u{85}.pdf", "a_b_c_d_.pdf"),
        ("line\nbreak\r\t.pdf", "line_break__.pdf"),
        ("<>:\"|?*.pdf", "_______.pdf"),
        ("evil\u{202E}fdp.exe", "evil_fdp.exe"),
        ("report. . .", "report"),
        ("report.pdf. ", "report.pdf"),
        ("", "script.pdf"),
        ("   ", "script.pdf"),
        ("...", "script.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("nul", "_nul"),
        ("com1.tar.pdf", "_com1.tar.pdf"),
        ("Lpt9 .pdf", "_Lpt9 .pdf"),
        ("CONSOLE.pdf", "CONSOLE.pdf"),
        ("E\u{301}le\u{300}ve.pdf", "\u{C9}l\u{E8}ve.pdf"),
        ("日本語の答案.pdf", "日本語の答案.pdf"),
        ("Zoë Brontë – Paper 2 (Resit).pdf", "Zoë Brontë – Paper 2 (Resit).pdf"),
    ])
    func wantedNamesAreMadeSafe(wanted: String, expected: String) {
        var names = ZIPEntryNames()
        let name = names.name(for: wanted)
        #expect(name.value == expected)
        #expect(Array(name.value.utf8) == Array(expected.utf8))
        // A name on its own (a bundle's file name) is cleaned the same way.
        #expect(ZIPEntryName(cleaning: wanted) == name)
        Self.expectSafe(name)
    }

    @Test func longNamesAreCutOnACharacterBoundaryAndKeepTheirExtension() {
        var names = ZIPEntryNames()
        let ascii = names.name(for: String(repeating: "a", count: 200) + ".pdf")
        #expect(ascii.value == String(repeating: "a", count: 116) + ".pdf")
        let japanese = names.name(for: String(repeating: "日", count: 50) + ".pdf")
        #expect(japanese.value == String(repeating: "日", count: 38) + ".pdf")
        let flags = names.name(for: String(repeating: "🇫🇷", count: 20) + ".pdf")
        #expect(flags.value == String(repeating: "🇫🇷", count: 14) + ".pdf")
        let accents = names.name(for: String(repeating: "e\u{301}", count: 100) + ".pdf")
        #expect(accents.value == String(repeating: "\u{E9}", count: 58) + ".pdf")
        let spaced = names.name(for: String(repeating: "a", count: 115) + "    b.pdf")
        #expect(spaced.value == String(repeating: "a", count: 115) + ".pdf")
        let noExtension = names.name(for: String(repeating: "x", count: 300))
        #expect(noExtension.value == String(repeating: "x", count: 120))
        let oneHugeCharacter = names.name(for: "e" + String(repeating: "\u{301}", count: 80) + ".pdf")
        #expect(oneHugeCharacter.value == "script.pdf")
        for name in [ascii, japanese, flags, accents, spaced, noExtension, oneHugeCharacter] { Self.expectSafe(name) }
    }

    @Test func duplicatesAreNumberedIgnoringCaseAndNormalisation() {
        var names = ZIPEntryNames()
        let wanted = [
            "Smith.pdf", "smith.PDF", "SMITH.pdf", "Smith (2).pdf", "Smith.pdf", "é.pdf", "e\u{301}.pdf", "É.PDF", "a/b.pdf", "a\\b.pdf", "", "..",
        ]
        let given = wanted.map { names.name(for: $0).value }
        #expect(
            given == [
                "Smith.pdf", "smith (2).PDF", "SMITH (3).pdf", "Smith (2) (2).pdf", "Smith (4).pdf", "é.pdf", "é (2).pdf", "É (3).PDF", "a_b.pdf",
                "a_b (2).pdf", "script.pdf", "script (2).pdf",
            ]
        )
        #expect(Set(given.map { $0.lowercased() }).count == given.count)
    }

    @Test func numberedLongNamesStillFit() {
        var names = ZIPEntryNames()
        let wanted = String(repeating: "日", count: 60) + ".pdf"
        let given = (0..<100).map { _ in names.name(for: wanted) }
        #expect(given[0].value == String(repeating: "日", count: 38) + ".pdf")
        #expect(given[1].value == String(repeating: "日", count: 37) + " (2).pdf")
        #expect(given[98].value == String(repeating: "日", count: 37) + " (99).pdf")
        #expect(given[99].value == String(repeating: "日", count: 36) + " (100).pdf")
        for name in given { Self.expectSafe(name) }
        #expect(Set(given).count == given.count)
    }

    @Test func theSameWantedNamesGiveTheSameNames() {
        let wanted = ["b.pdf", "B.pdf", "", "a/../b.pdf", String(repeating: "z", count: 500), "b (2).pdf", "b.pdf", "日本.pdf", "日本.PDF"]
        var first = ZIPEntryNames()
        var second = ZIPEntryNames()
        let once = wanted.map { first.name(for: $0) }
        let again = wanted.map { second.name(for: $0) }
        #expect(once == again)
        for name in once { Self.expectSafe(name) }
    }
}
