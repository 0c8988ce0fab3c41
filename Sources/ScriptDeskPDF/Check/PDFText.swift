import Foundation

/// The text a reader can get out of a PDF: its metadata and every page's text. Used to
/// prove that an anonymised copy names no candidate anywhere.
public enum PDFText {
    /// Title, subject, keywords and author, then each page's text, one block per line.
    /// Blocks; run it off the cooperative pool.
    public static func all(ofFileAt path: String) throws(PDFCheckFailure) -> String {
        let document: PopplerDocument
        do {
            document = try PopplerDocument(path: path)
        } catch {
            switch error {
            case .badPath: throw .unreadable("bad path")
            case .encrypted(let message), .unreadable(let message): throw .unreadable(message ?? "unknown error")
            }
        }
        var blocks = document.metadata
        for index in 0..<document.pageCount {
            guard let page = document.page(at: index) else { throw .pageUnreadable(page: index + 1) }
            blocks.append(page.text)
        }
        return blocks.joined(separator: "\n")
    }
}
