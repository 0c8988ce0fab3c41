import Foundation
import ScriptDeskQueue

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

        /// A page entry: the file's name within the folder, its size in bytes, and its SHA-256
        /// in lowercase hex.
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

    /// A manifest of `pages`, in order, at format version 1 by default.
    public init(version: Int = 1, pages: [Page]) {
        self.version = version
        self.pages = pages
    }

    /// The most pages a script may have.
    public static let maximumPages = 1000

    /// The most bytes one script's pages may add up to.
    public static let maximumBytes: Int64 = 2 << 30

    /// Checks what the pipeline relies on: a known version, 1 to 1000 pages, at most 2 GiB
    /// in all, and plain file names of letters, digits, `.`, `_` and `-` that do not start
    /// with a dot (no separators, no percent-escapes: a manifest cannot point outside its folder).
    func validate() throws(JobFailure) {
        guard version == 1 else { throw .archive("The manifest has version \(version); only version 1 is understood.") }
        guard (1...Self.maximumPages).contains(pages.count) else {
            throw .archive("The manifest lists \(pages.count) pages; a script has 1 to \(Self.maximumPages).")
        }
        for page in pages {
            let name = page.file
            let plain = name.utf8.allSatisfy { byte in
                (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 46 || byte == 95 || byte == 45
            }
            guard plain, !name.isEmpty, !name.hasPrefix("."), page.bytes > 0,
                page.sha256.utf8.count == 64, page.sha256.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
            else { throw .archive("The manifest entry '\(name)' is not a plain page file with a size and SHA-256.") }
        }
        guard pages.reduce(0, { $0 + $1.bytes }) <= Self.maximumBytes else {
            throw .archive("The script's pages add up to more than \(Self.maximumBytes >> 30) GiB.")
        }
    }
}
