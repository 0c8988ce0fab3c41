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

    /// Each folder and the mode it is kept at: only the owner may enter the private ones;
    /// the owner's group may also pass through the root into `published/`, so that a web
    /// server in that group can send the copies (0640) itself.
    var folderModes: [(folder: String, mode: mode_t)] {
        [(root, 0o750), (published, 0o750), (archive, 0o700), (staging, 0o700), (outbox, 0o700), (keys, 0o700)]
    }

    /// Creates every folder that is missing and sets each to its mode, whatever the umask
    /// or the mode an earlier version left.
    public func create() throws {
        for (folder, mode) in folderModes {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            guard chmod(folder, mode) == 0 else {
                let reason = String(cString: strerror(errno))
                throw SettingsError(
                    message:
                        "The storage folder \(folder) cannot be set to mode \(String(mode, radix: 8)) (\(reason)); make the user running ScriptDesk its owner."
                )
            }
        }
    }
}
