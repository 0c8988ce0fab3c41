import Foundation
import NIOPosix
import ScriptDeskDelivery
import ScriptDeskTransfer

/// Reads one script from the archive: its manifest, then each page, checked against the
/// manifest's size and SHA-256.
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
            let size: Int64
            do {
                size = try await fetcher.fetch(folder + page.file, to: path)
            } catch let error as TransferError {
                throw PipelineError.transfer(error)
            }
            guard size == page.bytes else {
                throw PipelineError.archive("Page \(index + 1) (\(page.file)) is \(size) bytes; the manifest says \(page.bytes).")
            }
            let sha = try await NIOThreadPool.singleton.runIfActive { try ContentHash.sha256(fileAt: path) }
            guard sha == page.sha256 else {
                throw PipelineError.archive("Page \(index + 1) (\(page.file)) does not match its checksum in the manifest.")
            }
            staged.append(path)
        }
        return staged
    }
}
