import Foundation
import Testing

@testable import ScriptDeskPDF

/// Builds a copy from `pages` that must be refused, and checks that nothing was left behind.
enum BuildRefusal {
    /// The error the build threw, after expecting that no PDF, finished or partial, remains.
    static func error(
        building pages: [Data],
        ext: String = "jpg",
        cover: CoverSheet = TestImages.cover,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> PDFBuildError? {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = try TestImages.files(pages, in: folder, ext: ext)
        let pdf = "\(folder)/copy.pdf"
        let error = #expect(throws: PDFBuildError.self, sourceLocation: sourceLocation) {
            try ScriptPDFBuilder.build(cover: cover, pages: files, to: pdf)
        }
        #expect(!FileManager.default.fileExists(atPath: pdf), "a refused build left its PDF", sourceLocation: sourceLocation)
        #expect(try TestImages.names(in: folder, containing: ".pdf").isEmpty, "a partial PDF was left", sourceLocation: sourceLocation)
        if let error, let page = error.page {
            #expect(error.message.hasPrefix("Page \(page) "), sourceLocation: sourceLocation)
        }
        return error
    }
}
