import Foundation
import Testing

@testable import ScriptDeskPDF

@Suite struct CopyTextTests {
    private func text(of cover: CoverSheet, pageCount: Int = 2) throws -> (text: String, raw: Data) {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = try (0..<pageCount).map { try TestImages.jpeg(width: 300, height: 420, seed: UInt8($0)) }
        let pdf = "\(folder)/copy.pdf"
        _ = try ScriptPDFBuilder.build(cover: cover, pages: try TestImages.files(pages, in: folder), to: pdf)
        return (try PDFText.all(ofFileAt: pdf), try Data(contentsOf: URL(fileURLWithPath: pdf)))
    }

    @Test func aNamedCopyShowsTheCandidateAndFootsEachPage() throws {
        let (text, _) = try text(of: TestImages.cover)
        #expect(text.contains("0007"))
        #expect(text.contains("Ava Smith"))
        #expect(text.contains("12345 Northgate Academy"))
        #expect(text.contains("H240/01"))
        #expect(text.contains("June 2026"))
        #expect(text.contains("3f1c0a9e-1111-2222-3333-444455556666"))
        #expect(text.contains("Priority copy · Page 1 of 2"))
        #expect(text.contains("Priority copy · Page 2 of 2"))
    }

    @Test func anAnonymisedCopyNamesNoCandidateAnywhere() throws {
        var cover = TestImages.cover
        cover.candidate = nil
        cover.copyLabel = "Copy for teaching purposes"
        let (text, raw) = try text(of: cover)
        for secret in ["0007", "Ava", "Smith"] {
            #expect(!text.contains(secret), "the text names \(secret)")
        }
        // Uncompressed metadata would hold the name as written (digits alone also occur in
        // the cross-reference table, so only the name is looked for in the raw bytes).
        #expect(raw.firstRange(of: Data("Smith".utf8)) == nil)
        #expect(text.contains("Anonymised"))
        #expect(text.contains("Copy for teaching purposes · Page 2 of 2"))
    }
}
