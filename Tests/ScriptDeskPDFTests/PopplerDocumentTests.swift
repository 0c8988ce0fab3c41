import Foundation
import Testing

@testable import ScriptDeskPDF

/// The one owner of a poppler document: it opens by path, never with a password, and says
/// why a file did not open.
@Suite struct PopplerDocumentTests {
    @Test func aBuiltCopyOpensWithEveryPageAndItsText() throws {
        let (folder, pdf) = try PDFCheckerTests.builtCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let document = try PopplerDocument(path: pdf)
        #expect(document.pageCount == 3)
        let cover = try #require(document.page(at: 0))
        #expect(cover.size.width > 590 && cover.size.width < 600)
        #expect(cover.text.contains(TestImages.cover.copyLabel))
        #expect(document.metadata.first == TestImages.cover.documentTitle)
    }

    @Test func aUserPasswordIsReportedAsEncryptionAndAnOwnerPasswordOpens() throws {
        let (folder, pdf) = try PDFCheckerTests.builtCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let locked = "\(folder)/locked.pdf"
        let ownerOnly = "\(folder)/owner-only.pdf"
        #expect(try TestImages.run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", pdf, locked]) == 0)
        #expect(try TestImages.run(["qpdf", "--encrypt", "", "owner-secret", "256", "--", pdf, ownerOnly]) == 0)

        #expect {
            _ = try PopplerDocument(path: locked)
        } throws: { error in
            if case .encrypted = error as? PopplerDocument.OpenFailure { true } else { false }
        }
        #expect(try PopplerDocument(path: ownerOnly).pageCount == 3)
    }

    @Test func aMissingFileIsUnreadableAndARelativePathIsRefused() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect {
            _ = try PopplerDocument(path: "\(folder)/absent.pdf")
        } throws: { error in
            if case .unreadable = error as? PopplerDocument.OpenFailure { true } else { false }
        }
        #expect {
            _ = try PopplerDocument(path: "relative/copy.pdf")
        } throws: { error in
            if case .badPath = error as? PopplerDocument.OpenFailure { true } else { false }
        }
    }
}
