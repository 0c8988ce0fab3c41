import Foundation
import ScriptDeskQueue
import ScriptDeskTransfer

/// What an archive folder holds for one script: a manifest and its page images, or the
/// scanner's own PDF of the whole script.
enum ArchivedScript {
    /// The staged page images, in page order.
    case pages([String])
    /// The staged PDF.
    case pdf(String)
}

/// Reads one script from the archive: `manifest.json` and each page it lists, checked
/// against the manifest's size and SHA-256 as it streams in; or, where there is no
/// manifest, `script.pdf`.
struct ArchiveReader: Sendable {
    let fetcher: Fetcher

    /// The file a folder holds when the script was archived as one PDF.
    static let pdfName = "script.pdf"

    /// Fetches the script into `staging`. A cancelled fetch throws `CancellationError` as it is.
    func fetch(from location: String, into staging: String) async throws -> ArchivedScript {
        let folder = location.hasSuffix("/") ? location : location + "/"
        let data: Data
        do {
            data = try await fetcher.fetchData(folder + "manifest.json")
        } catch TransferError.notFound {
            return .pdf(try await fetchPDF(from: folder, into: staging))
        } catch let error as TransferError {
            throw JobFailure.transfer(error)
        }
        let manifest: ArchiveManifest
        do {
            manifest = try JSONDecoder().decode(ArchiveManifest.self, from: data)
        } catch {
            throw JobFailure.archive("The archive's manifest at \(folder)manifest.json is not valid JSON of the expected shape.")
        }
        try manifest.validate()
        var staged: [String] = []
        for (index, page) in manifest.pages.enumerated() {
            let path = String(format: "%@/page-%04d", staging, index + 1)
            do {
                // Size and SHA-256 are checked as the page streams in; a cut transfer resumes.
                try await fetcher.fetch(folder + page.file, to: path, expecting: ExpectedContent(bytes: page.bytes, sha256: page.sha256))
            } catch let error as TransferError {
                throw JobFailure.transfer(error, page: index + 1)
            }
            staged.append(path)
        }
        return .pages(staged)
    }

    private func fetchPDF(from folder: String, into staging: String) async throws -> String {
        let path = "\(staging)/archived.pdf"
        do {
            try await fetcher.fetch(folder + Self.pdfName, to: path)
        } catch TransferError.notFound {
            throw JobFailure.archive("The archive folder \(folder) holds neither manifest.json nor \(Self.pdfName).")
        } catch let error as TransferError {
            throw JobFailure.transfer(error)
        }
        return path
    }
}
