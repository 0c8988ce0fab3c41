import SQLKit
public import ScriptDeskCore

/// Refused download attempts in the audit, counted: one row per link (in `downloads`) or
/// bundle (in `bundle_downloads`), client address, refusal code and minute, made by the first
/// attempt and counted up by the others, so refusals add no row per attempt.
public struct RefusalTallies: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Rows per statement: ten values each, under every driver's limit on bound values.
    static let rowsPerStatement = 50

    /// Adds `tallies` to the audit, those of one key merged first: each is added to its
    /// row for the link or bundle, address, code and minute, which the first makes. A row's
    /// count grows by the tally's, and its first and last times widen to take the tally's in.
    public func record(_ tallies: [RefusalTally], on db: StoreConnection) async throws {
        var links: [SQLQueryString] = []
        var bundles: [SQLQueryString] = []
        for tally in RefusalTally.merged(tallies) {
            let counted: SQLQueryString = """
                \(bind: tally.key.clientAddress), 0, \(bind: tally.status), \(bind: SQLTime.text(tally.firstAt)), \(bind: tally.key.code), \
                \(bind: tally.count), \(bind: SQLTime.text(tally.lastAt)), \(bind: SQLTime.text(tally.key.minute))
                """
            switch tally.key.subject {
            case .link(let id, let requestID): links.append("(\(bind: id), \(bind: requestID), \(counted))")
            case .bundle(let id): bundles.append("(\(bind: id), \(counted))")
            }
        }
        try await add(links, to: "downloads", subject: "link_id", subjectColumns: "link_id, request_id", on: db)
        try await add(bundles, to: "bundle_downloads", subject: "bundle_id", subjectColumns: "bundle_id", on: db)
    }

    /// Inserts `rows` into `table`, or counts each into the row already there for its
    /// `subject`, address, code and minute (the unique index made by `store.011`).
    private func add(_ rows: [SQLQueryString], to table: String, subject: String, subjectColumns: String, on db: StoreConnection) async throws {
        for start in stride(from: 0, to: rows.count, by: Self.rowsPerStatement) {
            let slice = rows[start..<min(start + Self.rowsPerStatement, rows.count)]
            try await db.raw(
                """
                INSERT INTO \(ident: table) (\(unsafeRaw: subjectColumns), client_address, bytes, status, at, code, attempts, last_at, minute)
                VALUES \(Array(slice).joined(separator: ", "))
                ON CONFLICT (\(ident: subject), client_address, code, minute) WHERE minute IS NOT NULL
                DO UPDATE SET attempts = \(ident: table).attempts + excluded.attempts,
                    at = CASE WHEN excluded.at < \(ident: table).at THEN excluded.at ELSE \(ident: table).at END,
                    last_at = CASE WHEN excluded.last_at > \(ident: table).last_at THEN excluded.last_at ELSE \(ident: table).last_at END
                """
            ).run()
        }
    }
}
