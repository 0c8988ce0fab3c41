import Foundation
import ScriptDeskTransfer

/// Reads one script from the archive: its manifest, then each page, checked against the
/// manifest's size and SHA-256 as it streams in.
struct ArchiveReader: Sendable {
    let fetcher: Fetcher

    /// Fetches every page into `staging` and returns the staged paths in page order.
    func fetchPages(from location: String, into staging: String) async throws -> [String] {
        let folder = location.hasSuffix("/") ? location : location + "/"
        let manifest: ArchiveManifest
        do {
            let data = try await fetcher.fetchData(folder + "manifest.json")
            manifest = try JSONDecoder().decode(ArchiveManifest.self, from: data)
        } catch let error as TransferError {
            throw PipelineError.transfer(error)
        } catch is DecodingError {
            throw PipelineError.archive("The archive's manifest at \(folder)manifest.json is not valid JSON of the expected shape.")
        }
        try manifest.validate()
        var staged: [String] = []
        for (index, page) in manifest.pages.enumerated() {
            let path = String(format: "%@/page-%04d", staging, index + 1)
            do {
                // Size and SHA-256 are checked as the page streams in; a cut transfer resumes.
                try await fetcher.fetch(folder + page.file, to: path, expecting: ExpectedContent(bytes: page.bytes, sha256: page.sha256))
            } catch {
                throw PipelineError.transfer(error, page: index + 1)
            }
            staged.append(path)
        }
        return staged
    }
}
