import Foundation

/// The manifest a script archive folder holds beside its page images (`manifest.json`).
public struct ArchiveManifest: Codable, Sendable, Hashable {
    /// One scanned page.
    public struct Page: Codable, Sendable, Hashable {
        /// The image's file name within the folder.
        public var file: String
        /// Its size in bytes.
        public var bytes: Int64
        /// Its SHA-256, lowercase hex.
        public var sha256: String

        public init(file: String, bytes: Int64, sha256: String) {
            self.file = file
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// The format version (1).
    public var version: Int
    /// Pages in order.
    public var pages: [Page]

    public init(version: Int = 1, pages: [Page]) {
        self.version = version
        self.pages = pages
    }

    /// The most pages a script may have.
    public static let maximumPages = 1000

    /// Checks what the pipeline relies on: a known version, 1 to 1000 pages, and plain file
    /// names (no path separators, so a manifest cannot point outside its folder).
    func validate() throws(PipelineError) {
        guard version == 1 else { throw .archive("The manifest has version \(version); only version 1 is understood.") }
        guard (1...Self.maximumPages).contains(pages.count) else {
            throw .archive("The manifest lists \(pages.count) pages; a script has 1 to \(Self.maximumPages).")
        }
        for page in pages {
            let name = page.file
            guard !name.isEmpty, !name.contains("/"), !name.contains("\\"), name != ".", name != "..", !name.hasPrefix("."),
                name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }), page.bytes > 0, page.sha256.utf8.count == 64
            else { throw .archive("The manifest entry '\(name)' is not a plain page file with a size and SHA-256.") }
        }
    }
}
