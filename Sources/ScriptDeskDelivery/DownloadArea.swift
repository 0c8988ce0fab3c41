public import Foundation

/// Where published copies live: a local directory by default, or S3-compatible object
/// storage. Both store content-addressed objects under the same keys, and both pass the
/// same conformance suite.
public protocol DownloadArea: Sendable {
    /// Publishes the file at `path`, whose SHA-256 is `sha256`, atomically: readers see the
    /// whole object or nothing. Publishing the same content twice yields the same object.
    func publish(fileAt path: String, sha256: String, as kind: StoredObjectKind) async throws -> StoredObject

    /// How a client whose link has been checked receives the object: streamed from a local
    /// file, or sent on to a short-lived presigned URL that names `fileName`.
    func delivery(of objectID: String, fileName: String, now: Date) async throws -> StoredObjectDelivery

    /// Runs `body` with a local file that holds the object's bytes: the stored file itself,
    /// or a temporary copy fetched for the call and removed after it.
    func withLocalFile<T: Sendable>(of objectID: String, _ body: (String) async throws -> T) async throws -> T

    /// Whether the object exists.
    func contains(_ objectID: String) async throws -> Bool

    /// Deletes the object; deleting one that is not there is not an error.
    func remove(_ objectID: String) async throws

    /// One page of the objects last written before `date`, for finding those no copy refers
    /// to after a crash between publishing and recording: the page `cursor` names (a page's
    /// `next`), the first when nil. A page may be empty and still have others after it;
    /// `objects(writtenBefore:)` reads them all in turn.
    func objects(writtenBefore date: Date, from cursor: String?) async throws -> StoredObjectPage
}

/// How a checked download reaches the client.
public enum StoredObjectDelivery: Sendable, Hashable {
    /// Stream this local file; `key` is its path inside the area (for `X-Accel-Redirect`).
    case localFile(path: String, key: String)
    /// Send the client to this URL (302): a presigned GET that expires within a minute.
    case redirect(url: String)
}

extension DownloadArea {
    /// Publishes a PDF.
    public func publish(fileAt path: String, sha256: String) async throws -> StoredObject {
        try await publish(fileAt: path, sha256: sha256, as: .pdf)
    }

    /// Every object last written before `date`, a page at a time, so that an area of
    /// millions of objects is never held in memory whole.
    public func objects(writtenBefore date: Date) -> StoredObjectPages {
        StoredObjectPages(area: self, writtenBefore: date)
    }
}
