public import Foundation
import SQLKit
public import ScriptDeskCore

/// What deleting copies at the end of their series' script retention reads and records.
/// A copy is kept while its request has a published object and has not been purged.
public struct CopyRetention: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// A centre's kept copies in one series, and where its exams officer is written to.
    public struct CentreCopies: Sendable, Hashable {
        /// The centre, with its exams officer's address.
        public var centre: Centre
        /// How many of its copies in the series are kept.
        public var copies: Int
    }

    /// A purged request whose objects may still be in the download area.
    public struct PurgedCopy: Sendable, Hashable {
        /// The purged request.
        public var requestID: String
        /// Its PDF's object, then its thumbnail's when it has one.
        public var objectIDs: [String]
    }

    /// The codes of the series whose retention ends after `start` and no later than `end`.
    public func series(endingAfter start: Date, notLaterThan end: Date, on db: StoreConnection) async throws -> [String] {
        try await db.raw(
            """
            SELECT code FROM series
            WHERE script_retention_end > \(bind: SQLTime.text(start)) AND script_retention_end <= \(bind: SQLTime.text(end))
            ORDER BY code
            """
        ).all().map { try $0.string("code") }
    }

    /// The codes of the series whose retention has ended at `now`.
    public func series(endedBy now: Date, on db: StoreConnection) async throws -> [String] {
        try await db.raw("SELECT code FROM series WHERE script_retention_end <= \(bind: SQLTime.text(now)) ORDER BY code").all()
            .map { try $0.string("code") }
    }

    /// Each centre with kept copies in `series`, with how many, by centre number.
    public func keptCopies(in series: String, on db: StoreConnection) async throws -> [CentreCopies] {
        try await db.raw(
            """
            SELECT c.*, n.copies FROM centres c JOIN (
                SELECT centre_number, COUNT(*) AS copies FROM script_requests
                WHERE series_code = \(bind: series) AND object_id IS NOT NULL AND purged_at IS NULL
                GROUP BY centre_number) n ON n.centre_number = c.number
            ORDER BY c.number
            """
        ).all().map { CentreCopies(centre: try ReferenceData.centre(from: $0), copies: try $0.int("copies")) }
    }

    // MARK: Warnings, once per series and centre

    /// Claims the warning for `series` and `centre`: true when this caller should send it,
    /// because no warning was recorded yet, or a claim made before `staleBefore` was never
    /// marked sent (its sender stopped part-way).
    public func claimWarning(
        series: String,
        centre: CentreNumber,
        copies: Int,
        messageID: String,
        now: Date,
        staleBefore: Date,
        on db: StoreConnection
    ) async throws -> Bool {
        let inserted = try await db.raw(
            """
            INSERT INTO retention_warnings (series_code, centre_number, copies, message_id, claimed_at)
            VALUES (\(bind: series), \(bind: centre.rawValue), \(bind: copies), \(bind: messageID), \(bind: SQLTime.text(now)))
            ON CONFLICT (series_code, centre_number) DO NOTHING
            RETURNING series_code
            """
        ).first()
        if inserted != nil { return true }
        return try await db.raw(
            """
            UPDATE retention_warnings SET claimed_at = \(bind: SQLTime.text(now)), copies = \(bind: copies)
            WHERE series_code = \(bind: series) AND centre_number = \(bind: centre.rawValue)
                AND sent_at IS NULL AND claimed_at < \(bind: SQLTime.text(staleBefore))
            RETURNING series_code
            """
        ).first() != nil
    }

    /// Records that the claimed warning was sent.
    public func warningSent(series: String, centre: CentreNumber, at: Date, on db: StoreConnection) async throws {
        try await db.raw(
            """
            UPDATE retention_warnings SET sent_at = \(bind: SQLTime.text(at))
            WHERE series_code = \(bind: series) AND centre_number = \(bind: centre.rawValue)
            """
        ).run()
    }

    /// Gives up a claim whose warning could not be sent, so that a later run tries again.
    public func releaseWarning(series: String, centre: CentreNumber, on db: StoreConnection) async throws {
        try await db.raw(
            """
            DELETE FROM retention_warnings
            WHERE series_code = \(bind: series) AND centre_number = \(bind: centre.rawValue) AND sent_at IS NULL
            """
        ).run()
    }

    /// When the warning for `series` and `centre` was sent, if it was.
    public func warningSentAt(series: String, centre: CentreNumber, on db: StoreConnection) async throws -> Date? {
        try await db.raw(
            """
            SELECT sent_at FROM retention_warnings WHERE series_code = \(bind: series) AND centre_number = \(bind: centre.rawValue)
            """
        ).first()?.optionalDate("sent_at")
    }

    // MARK: Purging

    /// Up to `limit` kept copies of `series`, by request id.
    public func keptRequests(in series: String, limit: Int, on db: StoreConnection) async throws -> [String] {
        try await db.raw(
            """
            SELECT id FROM script_requests
            WHERE series_code = \(bind: series) AND object_id IS NOT NULL AND purged_at IS NULL
            ORDER BY id LIMIT \(bind: limit)
            """
        ).all().map { try $0.string("id") }
    }

    /// Marks a request's copy as purged: from then on it is not kept, and its objects may go.
    public func markPurged(_ requestID: String, at: Date, on db: StoreConnection) async throws {
        try await db.raw(
            "UPDATE script_requests SET purged_at = \(bind: SQLTime.text(at)) WHERE id = \(bind: requestID) AND purged_at IS NULL"
        ).run()
    }

    /// Up to `limit` purged requests whose objects have not been removed yet.
    public func purgedWithObjects(limit: Int, on db: StoreConnection) async throws -> [PurgedCopy] {
        try await db.raw(
            """
            SELECT id, object_id, thumbnail_object_id FROM script_requests
            WHERE purged_at IS NOT NULL AND objects_removed_at IS NULL AND object_id IS NOT NULL
            ORDER BY id LIMIT \(bind: limit)
            """
        ).all().map { row in
            PurgedCopy(
                requestID: try row.string("id"),
                objectIDs: [try row.string("object_id")] + (try row.optionalString("thumbnail_object_id").map { [$0] } ?? [])
            )
        }
    }

    /// Whether a kept copy refers to the object (as its PDF or its thumbnail): objects are
    /// content-addressed, so one object can serve several copies.
    public func isKept(_ objectID: String, on db: StoreConnection) async throws -> Bool {
        try await db.raw(
            """
            SELECT id FROM script_requests
            WHERE (object_id = \(bind: objectID) OR thumbnail_object_id = \(bind: objectID)) AND purged_at IS NULL
            LIMIT 1
            """
        ).first() != nil
    }

    /// Whether any record refers to the object: a request's copy or thumbnail (kept or
    /// purged), a link or a bundle. An object none refers to was published by a run that
    /// stopped before recording it.
    public func isReferenced(_ objectID: String, on db: StoreConnection) async throws -> Bool {
        try await db.raw(
            """
            SELECT 1 AS found FROM script_requests WHERE object_id = \(bind: objectID) OR thumbnail_object_id = \(bind: objectID)
            UNION ALL SELECT 1 FROM download_links WHERE object_id = \(bind: objectID)
            UNION ALL SELECT 1 FROM download_bundle_items WHERE object_id = \(bind: objectID)
            LIMIT 1
            """
        ).first() != nil
    }

    /// Records that a purged request's objects are gone from the download area.
    public func markObjectsRemoved(_ requestID: String, at: Date, on db: StoreConnection) async throws {
        try await db.raw(
            "UPDATE script_requests SET objects_removed_at = \(bind: SQLTime.text(at)) WHERE id = \(bind: requestID)"
        ).run()
    }
}
