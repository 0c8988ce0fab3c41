import Foundation
import SQLKit
import ScriptDeskCore

/// Download links and the audit of downloads made through them.
public struct DownloadLinks: Sendable {
    public init() {}

    /// Records a new link.
    public func insert(_ link: DownloadLink, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO download_links (id, request_id, key_id, object_id, content_sha256, file_name, audience,
                not_before, expires_at, revoked_at, created_at)
            VALUES (\(bind: link.id), \(bind: link.requestID), \(bind: link.keyID), \(bind: link.objectID),
                \(bind: link.contentSHA256), \(bind: link.fileName), \(bind: link.audience.rawValue),
                \(bind: SQLTime.text(link.notBefore)), \(bind: SQLTime.text(link.expiresAt)),
                \(bind: link.revokedAt.map(SQLTime.text)), \(bind: SQLTime.text(link.createdAt)))
            """
        ).run()
    }

    /// A link by id.
    public func find(_ id: String, on db: any SQLDatabase) async throws -> DownloadLink? {
        try await db.raw("SELECT * FROM download_links WHERE id = \(bind: id)").first().map(Self.link(from:))
    }

    /// The newest link of a request.
    public func latest(forRequest requestID: String, on db: any SQLDatabase) async throws -> DownloadLink? {
        try await db.raw(
            "SELECT * FROM download_links WHERE request_id = \(bind: requestID) ORDER BY created_at DESC, id DESC LIMIT 1"
        ).first().map(Self.link(from:))
    }

    /// Records one download (or refused attempt) made through a link.
    /// Revokes every live link of a request at `at`; returns how many were live. The
    /// download route reads each link from the database, so the revocation holds from the
    /// next request on, on every server process.
    @discardableResult
    public func revokeAll(forRequest requestID: String, at: Date, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            UPDATE download_links SET revoked_at = \(bind: SQLTime.text(at))
            WHERE request_id = \(bind: requestID) AND revoked_at IS NULL
            RETURNING id
            """
        ).all().count
    }

    public func recordDownload(
        linkID: String,
        requestID: String,
        clientAddress: String,
        bytes: Int64,
        status: Int,
        at: Date,
        on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO downloads (link_id, request_id, client_address, bytes, status, at)
            VALUES (\(bind: linkID), \(bind: requestID), \(bind: clientAddress), \(bind: bytes), \(bind: status),
                \(bind: SQLTime.text(at)))
            """
        ).run()
    }

    static func link(from row: any SQLRow) throws -> DownloadLink {
        DownloadLink(
            id: try row.string("id"),
            requestID: try row.string("request_id"),
            keyID: try row.string("key_id"),
            objectID: try row.string("object_id"),
            contentSHA256: try row.string("content_sha256"),
            fileName: try row.string("file_name"),
            audience: try row.centre("audience"),
            notBefore: try row.date("not_before"),
            expiresAt: try row.date("expires_at"),
            revokedAt: try row.optionalDate("revoked_at"),
            createdAt: try row.date("created_at")
        )
    }
}
