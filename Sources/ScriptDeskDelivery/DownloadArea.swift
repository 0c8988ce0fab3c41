import Foundation

/// A published object in the download area.
public struct StoredObject: Sendable, Hashable {
    /// The object's identifier, derived from its content.
    public var objectID: String
    /// Its size in bytes.
    public var byteCount: Int64

    public init(objectID: String, byteCount: Int64) {
        self.objectID = objectID
        self.byteCount = byteCount
    }
}

/// Where published copies live. Local directory by default; S3-compatible storage later,
/// behind the same protocol.
public protocol DownloadArea: Sendable {
    /// Publishes the file at `path`, whose SHA-256 is `sha256`, atomically: readers see the
    /// whole file or nothing. Publishing the same content twice yields the same object.
    func publish(fileAt path: String, sha256: String, as kind: StoredObjectKind) async throws -> StoredObject

    /// A local path to read the object from, for streaming.
    func localPath(of objectID: String) throws -> String

    /// Whether the object exists.
    func contains(_ objectID: String) -> Bool
}

/// What a stored object is: its id ends with the kind's extension.
public enum StoredObjectKind: String, Sendable, CaseIterable {
    /// A script copy.
    case pdf
    /// A thumbnail of a copy's first page.
    case png
}

extension DownloadArea {
    /// Publishes a PDF.
    public func publish(fileAt path: String, sha256: String) async throws -> StoredObject {
        try await publish(fileAt: path, sha256: sha256, as: .pdf)
    }
}

/// Errors from the download area.
public enum DownloadAreaError: Error, Sendable, Hashable {
    /// An object id that is not one this area makes (never a path from outside).
    case invalidObjectID(String)
    /// A file system operation failed.
    case io(operation: String, path: String, errno: Int32)

    /// A stable code.
    public var code: String {
        switch self {
        case .invalidObjectID: "delivery.invalid_object"
        case .io: "delivery.io"
        }
    }

    /// A sentence for a person.
    public var message: String {
        switch self {
        case .invalidObjectID(let id): "'\(id)' is not a stored object."
        case .io(let operation, let path, let errno): "Could not \(operation) \(path): \(String(cString: strerror(errno)))."
        }
    }

    /// A full disk or a passing I/O error may clear; a bad id will not.
    public var isTransient: Bool {
        if case .io = self { return true }
        return false
    }
}
