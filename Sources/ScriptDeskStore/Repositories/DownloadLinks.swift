public import Foundation
import SQLKit
public import ScriptDeskCore

/// Download links and the audit of downloads made through them.
///
/// Revocations live here, in the database, and the download route reads each link on
/// every request, so a revocation holds from the next request on, on every server process.
public struct DownloadLinks: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Records a new link.
    public func insert(_ link: DownloadLink, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO download_links (id, request_id, key_id, object_id, content_sha256, file_name, audience,
                not_before, expires_at, download_allowance, revoked_at, created_at)
            VALUES (\(bind: link.id), \(bind: link.requestID), \(bind: link.keyID), \(bind: link.objectID),
                \(bind: link.contentSHA256), \(bind: link.fileName), \(bind: link.audience.rawValue),
                \(bind: SQLTime.text(link.notBefore)), \(bind: SQLTime.text(link.expiresAt)), \(bind: link.downloadAllowance),
                \(bind: link.revokedAt.map(SQLTime.text)), \(bind: SQLTime.text(link.createdAt)))
            """
        ).run()
    }

    /// A link by id.
    public func find(_ id: String, on db: StoreConnection) async throws -> DownloadLink? {
        try await db.raw("SELECT * FROM download_links WHERE id = \(bind: id)").first().map(Self.link(from:))
    }

    /// The link and the request it opens, read in one statement: a download checks both, and
    /// one trip to the database costs less than two.
    public func findWithRequest(_ id: String, on db: StoreConnection) async throws -> (link: DownloadLink, request: ScriptRequest)? {
        let linkColumns = Self.columns.map { "l.\($0) AS link_\($0)" }.joined(separator: ", ")
        guard
            let row = try await db.raw(
                """
                SELECT r.*, \(unsafeRaw: linkColumns) FROM download_links l JOIN script_requests r ON r.id = l.request_id
                WHERE l.id = \(bind: id)
                """
            ).first()
        else { return nil }
        return (try Self.link(from: PrefixedRow(row: row, prefix: "link_")), try ScriptRequests.request(from: row))
    }

    /// The columns of `download_links`, as `link(from:)` reads them.
    private static let columns = [
        "id", "request_id", "key_id", "object_id", "content_sha256", "file_name", "audience", "not_before", "expires_at",
        "download_allowance", "revoked_at", "created_at",
    ]

    /// The newest link of a request.
    public func latest(forRequest requestID: String, on db: StoreConnection) async throws -> DownloadLink? {
        try await latest(forRequests: [requestID], on: db)[requestID]
    }

    /// The newest link of each of `requestIDs` that has one, by request id, read in slices
    /// under every driver's limit on bound values.
    public func latest(forRequests requestIDs: [String], on db: StoreConnection) async throws -> [String: DownloadLink] {
        var found: [String: DownloadLink] = [:]
        for start in stride(from: 0, to: requestIDs.count, by: 100) {
            let slice = requestIDs[start..<min(start + 100, requestIDs.count)].map { SQLQueryString("\(bind: $0)") }
            let rows = try await db.raw(
                """
                SELECT l.* FROM download_links l
                WHERE l.request_id IN (\(slice.joined(separator: ", "))) AND NOT EXISTS (
                    SELECT 1 FROM download_links n WHERE n.request_id = l.request_id
                    AND (n.created_at > l.created_at OR (n.created_at = l.created_at AND n.id > l.id)))
                """
            ).all()
            for row in rows {
                let link = try Self.link(from: row)
                found[link.requestID] = link
            }
        }
        return found
    }

    /// Revokes one link at `at`; returns whether it was live.
    @discardableResult
    public func revoke(_ linkID: String, at: Date, on db: StoreConnection) async throws -> Bool {
        try await revoked(where: "id = \(bind: linkID)", at: at, on: db).isEmpty == false
    }

    /// Revokes every live link of a request at `at`; returns how many were live.
    @discardableResult
    public func revokeAll(forRequest requestID: String, at: Date, on db: StoreConnection) async throws -> Int {
        try await revoked(where: "request_id = \(bind: requestID)", at: at, on: db).count
    }

    /// Revokes every live link made for a centre at `at`; returns the requests whose
    /// links were live, each once.
    public func revokeAll(forCentre centre: CentreNumber, at: Date, on db: StoreConnection) async throws -> [String] {
        Array(Set(try await revoked(where: "audience = \(bind: centre.rawValue)", at: at, on: db))).sorted()
    }

    /// Sets `revoked_at` on the live links that match; returns their requests.
    private func revoked(where condition: SQLQueryString, at: Date, on db: StoreConnection) async throws -> [String] {
        try await db.raw(
            """
            UPDATE download_links SET revoked_at = \(bind: SQLTime.text(at))
            WHERE \(condition) AND revoked_at IS NULL
            RETURNING request_id
            """
        ).all().map { try $0.string("request_id") }
    }

    /// The bytes delivered through a link so far, by every process. (PostgreSQL sums a
    /// BIGINT column as NUMERIC: the sum is cast back.)
    public func deliveredBytes(through linkID: String, on db: StoreConnection) async throws -> Int64 {
        let row = try await db.raw(
            "SELECT CAST(COALESCE(SUM(bytes), 0) AS BIGINT) AS delivered FROM downloads WHERE link_id = \(bind: linkID)"
        ).first()
        return try row.map { Int64(try $0.int("delivered")) } ?? 0
    }

    /// The bytes reserved through a link so far: those delivered and those being sent now.
    public func reservedBytes(through linkID: String, on db: StoreConnection) async throws -> Int64 {
        let row = try await db.raw("SELECT reserved_bytes FROM download_links WHERE id = \(bind: linkID)").first()
        return try row.map { Int64(try $0.int("reserved_bytes")) } ?? 0
    }

    /// Reserves `bytes` of a link's `limit` before they are sent, in one conditional
    /// statement, so downloads running at once cannot together pass it; returns whether the
    /// bytes fitted (nothing is reserved when they did not).
    public func reserve(_ bytes: Int64, through linkID: String, limit: Int64, on db: StoreConnection) async throws -> Bool {
        try await db.raw(
            """
            UPDATE download_links SET reserved_bytes = reserved_bytes + \(bind: bytes)
            WHERE id = \(bind: linkID) AND reserved_bytes + \(bind: bytes) <= \(bind: limit)
            RETURNING id
            """
        ).first() != nil
    }

    /// Gives back `bytes` reserved through a link that were not sent after all.
    public func release(_ bytes: Int64, through linkID: String, on db: StoreConnection) async throws {
        guard bytes > 0 else { return }
        try await db.raw(
            "UPDATE download_links SET reserved_bytes = reserved_bytes - \(bind: bytes) WHERE id = \(bind: linkID)"
        ).run()
    }

    /// One download made through a link, or refused attempts counted together.
    public struct Download: Sendable, Hashable {
        /// Its place in the audit, once recorded: later downloads have larger ones.
        public var id: Int64?
        /// The link used.
        public var linkID: String
        /// The request whose copy it is.
        public var requestID: String
        /// The client's address, as the server saw it.
        public var clientAddress: String
        /// The bytes of the file delivered; zero for a refused attempt.
        public var bytes: Int64
        /// The HTTP status answered.
        public var status: Int
        /// When the download was asked for; of refused attempts, when the first was made.
        public var at: Date
        /// Of refused attempts (answered 4xx): how many, why, and when the last was made;
        /// nil for a download.
        public var refused: RefusedAttempts?

        /// A download as recorded; `id` once it has been, and `refused` for refused attempts.
        public init(
            id: Int64? = nil,
            linkID: String,
            requestID: String,
            clientAddress: String,
            bytes: Int64,
            status: Int,
            at: Date,
            refused: RefusedAttempts? = nil
        ) {
            self.id = id
            self.linkID = linkID
            self.requestID = requestID
            self.clientAddress = clientAddress
            self.bytes = bytes
            self.status = status
            self.at = at
            self.refused = refused
        }
    }

    /// Refused attempts through a link from one address, counted together (see `RefusalTally`).
    public struct RefusedAttempts: Sendable, Hashable {
        /// The refusal's `link.*` code; nil for an attempt recorded before refusals were
        /// counted, which holds one attempt.
        public var code: String?
        /// How many attempts.
        public var count: Int
        /// When the last was made.
        public var lastAt: Date

        /// `count` attempts refused with `code`, the last at `lastAt`.
        public init(code: String?, count: Int, lastAt: Date) {
            self.code = code
            self.count = count
            self.lastAt = lastAt
        }
    }

    /// Records downloads, many in one statement.
    public func record(_ downloads: [Download], on db: StoreConnection) async throws {
        guard !downloads.isEmpty else { return }
        let rows = downloads.map { download in
            SQLQueryString(
                """
                (\(bind: download.linkID), \(bind: download.requestID), \(bind: download.clientAddress), \(bind: download.bytes),
                \(bind: download.status), \(bind: SQLTime.text(download.at)))
                """
            )
        }
        try await db.raw(
            "INSERT INTO downloads (link_id, request_id, client_address, bytes, status, at) VALUES \(rows.joined(separator: ", "))"
        ).run()
    }

    /// Up to `limit` of the downloads made through a request's links and of the counts of
    /// attempts refused, in the order they were first recorded, after the one whose id is
    /// `after` when given.
    public func downloads(ofRequest requestID: String, after: Int64? = nil, limit: Int, on db: StoreConnection) async throws -> [Download] {
        let query: SQLQueryString = """
            SELECT * FROM downloads WHERE request_id = \(bind: requestID) AND id > \(bind: after ?? 0) \
            ORDER BY id LIMIT \(bind: limit)
            """
        return try await db.raw(query).all().map { row in
            let (status, at) = (try row.int("status"), try row.date("at"))
            let refused =
                status >= 400
                ? RefusedAttempts(code: try row.optionalString("code"), count: try row.int("attempts"), lastAt: try row.optionalDate("last_at") ?? at)
                : nil
            return Download(
                id: Int64(try row.int("id")),
                linkID: try row.string("link_id"),
                requestID: try row.string("request_id"),
                clientAddress: try row.string("client_address"),
                bytes: Int64(try row.int("bytes")),
                status: status,
                at: at,
                refused: refused
            )
        }
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
            downloadAllowance: try row.optionalInt("download_allowance"),
            revokedAt: try row.optionalDate("revoked_at"),
            createdAt: try row.date("created_at")
        )
    }
}
