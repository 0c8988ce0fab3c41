import Foundation

/// The folders of the data root (`Storage/` by default), one place a user can back up.
public struct StorageLayout: Sendable, Hashable {
    /// The data root.
    public let root: String

    /// Resolves `root` to an absolute path.
    public init(root: String) {
        let url = URL(fileURLWithPath: root, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        self.root = url.standardizedFileURL.path
    }

    /// The SQLite file holding data and queue.
    public var database: String { "\(root)/scriptdesk.sqlite" }
    /// The demo script archive.
    public var archive: String { "\(root)/archive" }
    /// Work in progress, per job.
    public var staging: String { "\(root)/staging" }
    /// The local download area.
    public var published: String { "\(root)/published" }
    /// Emails written as files when no SMTP relay is configured.
    public var outbox: String { "\(root)/outbox" }
    /// Link-signing keys.
    public var keys: String { "\(root)/keys" }
    /// The demo credentials file.
    public var demoCredentials: String { "\(root)/demo-credentials.json" }

    /// Creates every folder that is missing.
    public func create() throws {
        for folder in [root, archive, staging, published, outbox] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
