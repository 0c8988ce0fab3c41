public import Foundation
import SQLKit
public import ScriptDeskCore

/// Statements of results and the signed links that offer them.
public struct Statements: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// The statement `causeID` made for the candidate, or a new one reserved for it,
    /// numbered after the candidate's last for the series: the same statement however often
    /// the job that makes it runs. Returns `nil` when another statement took the number at
    /// the same moment (try again).
    public func reserve(
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber,
        cause: Statement.Cause,
        causeID: String,
        at now: Date,
        on db: StoreConnection
    ) async throws -> Statement? {
        let key: SQLQueryString = """
            series_code = \(bind: series) AND centre_number = \(bind: centre.rawValue) \
            AND candidate_number = \(bind: candidate.rawValue)
            """
        if let found = try await db.raw("SELECT * FROM statements WHERE \(key) AND cause_id = \(bind: causeID)").first() {
            return try Self.statement(from: found)
        }
        let last = try await db.raw("SELECT MAX(revision) AS n FROM statements WHERE \(key)").first()?.optionalInt("n") ?? 0
        let statement = Statement(
            id: UUID().uuidString.lowercased(),
            series: series,
            centre: centre,
            candidate: candidate,
            revision: last + 1,
            cause: cause,
            causeID: causeID,
            createdAt: now,
            published: nil
        )
        let inserted = try await db.raw(
            """
            INSERT INTO statements (id, series_code, centre_number, candidate_number, revision, cause, cause_id, created_at, status)
            VALUES (\(bind: statement.id), \(bind: series), \(bind: centre.rawValue), \(bind: candidate.rawValue),
                \(bind: statement.revision), \(bind: cause.rawValue), \(bind: causeID), \(bind: SQLTime.text(now)), 'making')
            ON CONFLICT DO NOTHING
            RETURNING id
            """
        ).all()
        return inserted.isEmpty ? nil : statement
    }

    /// Records the publication of statement `id`.
    public func publish(_ id: String, _ published: Statement.Published, on db: StoreConnection) async throws {
        try await db.raw(
            """
            UPDATE statements SET status = 'published', object_id = \(bind: published.objectID), sha256 = \(bind: published.sha256),
                byte_count = \(bind: published.byteCount), page_count = \(bind: published.pageCount),
                published_at = \(bind: SQLTime.text(published.publishedAt))
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// Every statement of the candidate for the series, newest first.
    public func revisions(
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber,
        on db: StoreConnection
    ) async throws -> [Statement] {
        try await db.raw(
            """
            SELECT * FROM statements WHERE series_code = \(bind: series) AND centre_number = \(bind: centre.rawValue)
                AND candidate_number = \(bind: candidate.rawValue)
            ORDER BY revision DESC
            """
        ).all().map(Self.statement(from:))
    }

    /// Every candidate with a result in `series` (at `centre` only, when given), by centre
    /// and candidate number: whom a results-day run of statements is for.
    public func candidates(
        withResultsIn series: String,
        centre: CentreNumber?,
        on db: StoreConnection
    ) async throws -> [(centre: CentreNumber, candidate: CandidateNumber)] {
        let only: SQLQueryString = centre.map { "AND centre_number = \(bind: $0.rawValue)" } ?? ""
        return try await db.raw(
            """
            SELECT DISTINCT centre_number, candidate_number FROM results WHERE series_code = \(bind: series) \(only)
            ORDER BY centre_number, candidate_number
            """
        ).all().map { (centre: try $0.centre(), candidate: try $0.candidate()) }
    }

    /// Records a link to a statement.
    public func insert(_ link: DownloadLink, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO statement_links (id, statement_id, key_id, object_id, content_sha256, file_name, audience,
                not_before, expires_at, created_at)
            VALUES (\(bind: link.id), \(bind: link.requestID), \(bind: link.keyID), \(bind: link.objectID),
                \(bind: link.contentSHA256), \(bind: link.fileName), \(bind: link.audience.rawValue),
                \(bind: SQLTime.text(link.notBefore)), \(bind: SQLTime.text(link.expiresAt)), \(bind: SQLTime.text(link.createdAt)))
            """
        ).run()
    }

    /// A statement link and the statement it opens.
    public func findLink(_ id: String, on db: StoreConnection) async throws -> (DownloadLink, Statement)? {
        guard
            let row = try await db.raw(
                """
                SELECT l.id AS link_id, l.key_id, l.object_id AS link_object_id, l.content_sha256, l.file_name, l.audience,
                    l.not_before, l.expires_at, l.created_at AS link_created_at, s.*
                FROM statement_links l JOIN statements s ON s.id = l.statement_id
                WHERE l.id = \(bind: id)
                """
            ).first()
        else { return nil }
        let link = try Self.link(from: row, statementID: try row.string("id"))
        return (link, try Self.statement(from: row))
    }

    /// The newest link of each of `statements` that has one, by statement id.
    public func newestLinks(of statements: [String], on db: StoreConnection) async throws -> [String: DownloadLink] {
        guard !statements.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT l.id AS link_id, l.statement_id, l.key_id, l.object_id AS link_object_id, l.content_sha256, l.file_name,
                l.audience, l.not_before, l.expires_at, l.created_at AS link_created_at
            FROM statement_links l WHERE l.statement_id IN (\(SQLList(statements.map { SQLBind($0) })))
            ORDER BY l.created_at
            """
        ).all()
        var newest: [String: DownloadLink] = [:]
        for row in rows {
            let id = try row.string("statement_id")
            newest[id] = try Self.link(from: row, statementID: id)
        }
        return newest
    }

    private static func link(from row: any SQLRow, statementID: String) throws -> DownloadLink {
        DownloadLink(
            id: try row.string("link_id"),
            purpose: .statement,
            requestID: statementID,
            keyID: try row.string("key_id"),
            objectID: try row.string("link_object_id"),
            contentSHA256: try row.string("content_sha256"),
            fileName: try row.string("file_name"),
            audience: try row.centre("audience"),
            notBefore: try row.date("not_before"),
            expiresAt: try row.date("expires_at"),
            createdAt: try row.date("link_created_at")
        )
    }

    static func statement(from row: any SQLRow) throws -> Statement {
        var published: Statement.Published?
        if let objectID = try row.optionalString("object_id"), let sha256 = try row.optionalString("sha256"),
            let bytes = try row.optionalInt("byte_count"), let pages = try row.optionalInt("page_count"),
            let at = try row.optionalDate("published_at")
        {
            published = Statement.Published(objectID: objectID, sha256: sha256, byteCount: Int64(bytes), pageCount: pages, publishedAt: at)
        }
        return Statement(
            id: try row.string("id"),
            series: try row.string("series_code"),
            centre: try row.centre(),
            candidate: try row.candidate(),
            revision: try row.int("revision"),
            cause: try row.value("cause", as: Statement.Cause.self),
            causeID: try row.string("cause_id"),
            createdAt: try row.date("created_at"),
            published: published
        )
    }
}
