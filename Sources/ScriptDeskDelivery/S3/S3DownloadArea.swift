public import Foundation
import ScriptDeskTransfer

/// The download area in a bucket of an S3-compatible object store (tested against
/// SeaweedFS), content-addressed by `StoredObject.key(of:)` under a key prefix. A PUT is
/// atomic, so readers see a whole object or none; clients download through presigned GET
/// URLs that expire within a minute and name the file to save.
public struct S3DownloadArea: DownloadArea {
    /// The bucket and the area's rules.
    public let configuration: Configuration
    private let client: ObjectStoreClient
    /// The most keys one page of a listing asks for (S3's own limit is 1,000).
    var listingPageSize = 1_000

    /// An area in the bucket that `configuration` names; nothing is sent until the first call.
    public init(configuration: Configuration) {
        self.configuration = configuration
        self.client = ObjectStoreClient(configuration: configuration.store)
    }

    /// The object's key in the bucket: the prefix, then `StoredObject.key(of:)`.
    public func key(of objectID: String) throws(DownloadAreaError) -> String {
        configuration.keyPrefix + (try StoredObject.key(of: objectID))
    }

    /// Uploads unless an object of the same size is already under the key: the key is the
    /// content's hash, so it holds these very bytes.
    public func publish(fileAt path: String, sha256: String, as kind: StoredObjectKind) async throws -> StoredObject {
        let objectID = "\(sha256).\(kind.rawValue)"
        let key = try key(of: objectID)
        var info = stat()
        guard stat(path, &info) == 0 else { throw DownloadAreaError.io(operation: "open", path: path, errno: errno) }
        let existing = try await stored { try await client.head(key: key) }
        if existing != Int64(info.st_size) {
            _ = try await stored { try await client.put(file: path, key: key, contentType: kind.contentType, sha256: sha256) }
        }
        return StoredObject(objectID: objectID, byteCount: Int64(info.st_size))
    }

    /// A presigned GET that makes the store answer with the copy's file name, its media type
    /// and `Cache-Control: no-store`.
    public func delivery(of objectID: String, fileName: String, now: Date) async throws -> StoredObjectDelivery {
        let key = try key(of: objectID)
        let kind = StoredObjectKind.allCases.first { objectID.hasSuffix(".\($0.rawValue)") } ?? .pdf
        let query = [
            "response-content-disposition": ContentDisposition.attachment(fileName: fileName),
            "response-content-type": kind.contentType,
            "response-cache-control": "no-store",
        ]
        return .redirect(url: client.presignedGET(key: key, query: query, lifetime: configuration.presignLifetime, now: now))
    }

    /// Downloads the object to a temporary file in the scratch folder, runs `body`, and
    /// removes the file whatever happens.
    public func withLocalFile<T: Sendable>(of objectID: String, _ body: (String) async throws -> T) async throws -> T {
        let key = try key(of: objectID)
        try FileManager.default.createDirectory(atPath: configuration.scratchFolder, withIntermediateDirectories: true)
        let path = "\(configuration.scratchFolder)/.download-\(UUID().uuidString)-\(objectID)"
        defer { unlink(path) }
        let fetched = try await stored { try await client.get(key: key, toFile: path) }
        guard fetched != nil else { throw DownloadAreaError.missing(objectID) }
        return try await body(path)
    }

    /// Whether a HEAD finds the object; `false` for an id this area never makes.
    public func contains(_ objectID: String) async throws -> Bool {
        guard let key = try? key(of: objectID) else { return false }
        let size = try await stored { try await client.head(key: key) }
        return size != nil
    }

    /// Deletes the object from the bucket; one already gone is not an error.
    public func remove(_ objectID: String) async throws {
        let key = try key(of: objectID)
        try await stored { try await client.delete(key: key) }
    }

    /// One page of ListObjectsV2 under the area's prefix (`listingPageSize` keys), from the page
    /// `cursor` (a continuation token) names: the objects whose `LastModified` is before
    /// `date`. Keys this area does not make (another prefix's, or not content-addressed) are
    /// left out, so nothing else in the bucket is ever offered for removal.
    public func objects(writtenBefore date: Date, from cursor: String?) async throws -> StoredObjectPage {
        let prefix = configuration.keyPrefix
        let listing = try await stored { try await client.list(prefix: prefix, continuation: cursor, maxKeys: listingPageSize) }
        let objectIDs = listing.objects.compactMap { object -> String? in
            guard object.lastModified < date, object.key.hasPrefix(prefix) else { return nil }
            let key = object.key.dropFirst(prefix.count)
            guard let slash = key.firstIndex(of: "/") else { return nil }
            let objectID = String(key[key.index(after: slash)...])
            return (try? StoredObject.key(of: objectID)) == String(key) ? objectID : nil
        }
        return StoredObjectPage(objectIDs: objectIDs, next: listing.continuationToken)
    }

    /// Runs a request, turning the store's errors into the download area's.
    private func stored<T>(_ request: () async throws -> T) async throws -> T {
        do {
            return try await request()
        } catch let error as ObjectStoreError {
            throw DownloadAreaError(error)
        }
    }
}
