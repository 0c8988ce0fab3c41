public import Foundation
import SQLKit
public import ScriptDeskCore

/// Bundles of copies behind one link, and the audit of their downloads.
public struct DownloadBundles: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Records a bundle and its items.
    public func insert(_ bundle: DownloadBundle, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO download_bundles (id, centre_number, key_id, content_sha256, file_name, not_before, expires_at,
                revoked_at, created_by, created_at)
            VALUES (\(bind: bundle.id), \(bind: bundle.centre.rawValue), \(bind: bundle.keyID), \(bind: bundle.contentSHA256),
                \(bind: bundle.fileName), \(bind: SQLTime.text(bundle.notBefore)), \(bind: SQLTime.text(bundle.expiresAt)),
                \(bind: bundle.revokedAt.map(SQLTime.text)), \(bind: bundle.createdBy), \(bind: SQLTime.text(bundle.createdAt)))
            """
        ).run()
        // In slices, under every driver's limit on bound values.
        for start in stride(from: 0, to: bundle.items.count, by: 100) {
            let rows = bundle.items[start..<min(start + 100, bundle.items.count)].enumerated().map { offset, item in
                SQLQueryString(
                    """
                    (\(bind: bundle.id), \(bind: start + offset), \(bind: item.requestID), \(bind: item.objectID),
                    \(bind: item.sha256), \(bind: item.byteCount), \(bind: item.entryName))
                    """
                )
            }
            try await db.raw(
                """
                INSERT INTO download_bundle_items (bundle_id, position, request_id, object_id, content_sha256, byte_count, entry_name)
                VALUES \(rows.joined(separator: ", "))
                """
            ).run()
        }
    }

    /// A bundle with its items, by id.
    public func find(_ id: String, on db: StoreConnection) async throws -> DownloadBundle? {
        guard let row = try await db.raw("SELECT * FROM download_bundles WHERE id = \(bind: id)").first() else { return nil }
        let items = try await db.raw("SELECT * FROM download_bundle_items WHERE bundle_id = \(bind: id) ORDER BY position").all().map { row in
            DownloadBundle.Item(
                requestID: try row.string("request_id"),
                objectID: try row.string("object_id"),
                sha256: try row.string("content_sha256"),
                byteCount: Int64(try row.int("byte_count")),
                entryName: try row.string("entry_name")
            )
        }
        return DownloadBundle(
            id: try row.string("id"),
            centre: try row.centre("centre_number"),
            keyID: try row.string("key_id"),
            contentSHA256: try row.string("content_sha256"),
            fileName: try row.string("file_name"),
            notBefore: try row.date("not_before"),
            expiresAt: try row.date("expires_at"),
            revokedAt: try row.optionalDate("revoked_at"),
            createdBy: try row.string("created_by"),
            createdAt: try row.date("created_at"),
            items: items
        )
    }

    /// Withdraws one live bundle; returns whether it was live.
    public func revoke(_ id: String, at: Date, on db: StoreConnection) async throws -> Bool {
        try await db.raw(
            "UPDATE download_bundles SET revoked_at = \(bind: SQLTime.text(at)) WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id"
        ).first() != nil
    }

    /// Withdraws every live bundle that holds a copy of request `requestID`.
    public func revokeAll(holding requestID: String, at: Date, on db: StoreConnection) async throws {
        try await db.raw(
            """
            UPDATE download_bundles SET revoked_at = \(bind: SQLTime.text(at))
            WHERE revoked_at IS NULL AND id IN (SELECT bundle_id FROM download_bundle_items WHERE request_id = \(bind: requestID))
            """
        ).run()
    }

    /// Withdraws every live bundle of a centre.
    public func revokeAll(forCentre centre: CentreNumber, at: Date, on db: StoreConnection) async throws {
        try await db.raw(
            """
            UPDATE download_bundles SET revoked_at = \(bind: SQLTime.text(at))
            WHERE revoked_at IS NULL AND centre_number = \(bind: centre.rawValue)
            """
        ).run()
    }

    /// Records one download of a bundle (refused attempts are counted by `RefusalTallies`).
    public func recordDownload(
        of bundleID: String,
        clientAddress: String,
        bytes: Int64,
        status: Int,
        at: Date,
        on db: StoreConnection
    ) async throws {
        try await db.raw(
            """
            INSERT INTO bundle_downloads (bundle_id, client_address, bytes, status, at)
            VALUES (\(bind: bundleID), \(bind: clientAddress), \(bind: bytes), \(bind: status), \(bind: SQLTime.text(at)))
            """
        ).run()
    }
}
