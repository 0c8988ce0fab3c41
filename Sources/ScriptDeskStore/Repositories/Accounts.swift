public import Foundation
import SQLKit
public import ScriptDeskCore

/// Users and their API tokens. Tokens are stored only as hashes: the database never holds
/// anything that would let a reader call the API.
public struct Accounts: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Adds or updates a user.
    public func save(_ user: User, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO users (id, name, role, centre_number)
            VALUES (\(bind: user.id), \(bind: user.name), \(bind: user.role.rawValue), \(bind: user.centre?.rawValue))
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, centre_number = excluded.centre_number
            """
        ).run()
    }

    /// Records `token` (its user already saved) by the hash of its secret.
    public func addToken(_ token: APIToken, hash: String, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO api_tokens (token_hash, public_id, user_id, label, created_at, expires_at, last_used_at, revoked_at)
            VALUES (\(bind: hash), \(bind: token.id), \(bind: token.userID), \(bind: token.label),
                \(bind: SQLTime.text(token.createdAt)), \(bind: token.expiresAt.map(SQLTime.text)),
                \(bind: token.lastUsedAt.map(SQLTime.text)), \(bind: token.revokedAt.map(SQLTime.text)))
            """
        ).run()
    }

    /// Removes every token of a user.
    public func removeTokens(userID: String, on db: StoreConnection) async throws {
        try await db.raw("DELETE FROM api_tokens WHERE user_id = \(bind: userID)").run()
    }

    /// The token a hash belongs to, whatever its state.
    public func token(hash: String, on db: StoreConnection) async throws -> APIToken? {
        try await select("WHERE t.token_hash = \(bind: hash)", on: db).first
    }

    /// The token with public id `id`, whatever its state.
    public func token(id: String, on db: StoreConnection) async throws -> APIToken? {
        try await select("WHERE t.public_id = \(bind: id)", on: db).first
    }

    /// Every token, or every token of `centre`'s users, newest first.
    public func tokens(centre: CentreNumber?, on db: StoreConnection) async throws -> [APIToken] {
        let filter: SQLQueryString = centre.map { "WHERE u.centre_number = \(bind: $0.rawValue)" } ?? ""
        return try await select("\(filter) ORDER BY t.created_at DESC, t.public_id", on: db)
    }

    /// Marks the token with public id `id` revoked at `at`, unless it already was; returns
    /// whether it changed.
    public func revokeToken(id: String, at: Date, on db: StoreConnection) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE api_tokens SET revoked_at = \(bind: SQLTime.text(at))
            WHERE public_id = \(bind: id) AND revoked_at IS NULL RETURNING public_id
            """
        ).all()
        return !rows.isEmpty
    }

    /// Records a use of the token with hash `hash` at `at`, unless a use after `since` is
    /// recorded already (another process got there first).
    public func recordUse(hash: String, at: Date, unlessUsedAfter since: Date, on db: StoreConnection) async throws {
        try await db.raw(
            """
            UPDATE api_tokens SET last_used_at = \(bind: SQLTime.text(at))
            WHERE token_hash = \(bind: hash) AND (last_used_at IS NULL OR last_used_at <= \(bind: SQLTime.text(since)))
            """
        ).run()
    }

    private func select(_ tail: SQLQueryString, on db: StoreConnection) async throws -> [APIToken] {
        try await db.raw(
            """
            SELECT t.public_id, t.user_id, t.label, t.created_at, t.expires_at, t.last_used_at, t.revoked_at, u.role, u.centre_number
            FROM api_tokens t JOIN users u ON u.id = t.user_id \(tail)
            """
        ).all().map(Self.token(from:))
    }

    private static func token(from row: any SQLRow) throws -> APIToken {
        APIToken(
            id: try row.string("public_id"),
            userID: try row.string("user_id"),
            role: try row.value("role", as: Role.self),
            centre: try row.optionalString("centre_number").flatMap(CentreNumber.init),
            label: try row.string("label"),
            createdAt: try row.date("created_at"),
            expiresAt: try row.optionalDate("expires_at"),
            lastUsedAt: try row.optionalDate("last_used_at"),
            revokedAt: try row.optionalDate("revoked_at")
        )
    }
}
