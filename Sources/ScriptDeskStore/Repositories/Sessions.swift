public import Foundation
import SQLKit
public import ScriptDeskCore

/// Sessions of people signed in to the pages, stored by the SHA-256 hash of their id: the
/// database never holds what the browser's cookie carries. Every server process reads them
/// here, so signing out ends a session everywhere at once.
public struct Sessions: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// One session as stored.
    public struct Stored: Sendable, Hashable {
        /// The SHA-256 of the session's id, in hex.
        public var idHash: String
        /// Whose it is.
        public var userID: String
        /// The token every unsafe request from a page of the session carries.
        public var csrfToken: String
        /// The address it was started from.
        public var clientAddress: String
        /// When it started (sign-in).
        public var createdAt: Date
        /// When it was last used, to within a minute.
        public var lastSeenAt: Date

        /// A session as stored.
        public init(idHash: String, userID: String, csrfToken: String, clientAddress: String, createdAt: Date, lastSeenAt: Date) {
            self.idHash = idHash
            self.userID = userID
            self.csrfToken = csrfToken
            self.clientAddress = clientAddress
            self.createdAt = createdAt
            self.lastSeenAt = lastSeenAt
        }
    }

    /// Records a new session.
    public func insert(_ session: Stored, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO sessions (id_hash, user_id, csrf_token, client_address, created_at, last_seen_at)
            VALUES (\(bind: session.idHash), \(bind: session.userID), \(bind: session.csrfToken), \(bind: session.clientAddress),
                \(bind: SQLTime.text(session.createdAt)), \(bind: SQLTime.text(session.lastSeenAt)))
            """
        ).run()
    }

    /// The session whose id hashes to `idHash`.
    public func find(idHash: String, on db: StoreConnection) async throws -> Stored? {
        guard let row = try await db.raw("SELECT * FROM sessions WHERE id_hash = \(bind: idHash)").first() else { return nil }
        return Stored(
            idHash: try row.string("id_hash"),
            userID: try row.string("user_id"),
            csrfToken: try row.string("csrf_token"),
            clientAddress: try row.string("client_address"),
            createdAt: try row.date("created_at"),
            lastSeenAt: try row.date("last_seen_at")
        )
    }

    /// Records a use of the session at `at`.
    public func touch(idHash: String, at: Date, on db: StoreConnection) async throws {
        try await db.raw("UPDATE sessions SET last_seen_at = \(bind: SQLTime.text(at)) WHERE id_hash = \(bind: idHash)").run()
    }

    /// Ends one session.
    public func delete(idHash: String, on db: StoreConnection) async throws {
        try await db.raw("DELETE FROM sessions WHERE id_hash = \(bind: idHash)").run()
    }

    /// Ends every session of user `id`; returns how many there were.
    @discardableResult
    public func deleteAll(userID id: String, on db: StoreConnection) async throws -> Int {
        try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: id) RETURNING id_hash").all().count
    }

    /// Removes the sessions of user `id` last used before `idleSince` or started before
    /// `startedSince`; returns how many.
    @discardableResult
    public func deleteLapsed(userID id: String, idleSince: Date, startedSince: Date, on db: StoreConnection) async throws -> Int {
        try await db.raw(
            """
            DELETE FROM sessions WHERE user_id = \(bind: id)
                AND (last_seen_at < \(bind: SQLTime.text(idleSince)) OR created_at < \(bind: SQLTime.text(startedSince)))
            RETURNING id_hash
            """
        ).all().count
    }
}
