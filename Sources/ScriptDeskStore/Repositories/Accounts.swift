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

    /// Records a token by the hash of its secret.
    public func addToken(hash: String, userID: String, label: String, now: Date, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO api_tokens (token_hash, user_id, label, created_at)
            VALUES (\(bind: hash), \(bind: userID), \(bind: label), \(bind: SQLTime.text(now)))
            """
        ).run()
    }

    /// Removes every token of a user.
    public func removeTokens(userID: String, on db: StoreConnection) async throws {
        try await db.raw("DELETE FROM api_tokens WHERE user_id = \(bind: userID)").run()
    }

    /// The user a token hash belongs to.
    public func user(tokenHash: String, on db: StoreConnection) async throws -> User? {
        try await db.raw(
            """
            SELECT u.id, u.name, u.role, u.centre_number FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: tokenHash)
            """
        ).first().map { row in
            User(
                id: try row.string("id"),
                name: try row.string("name"),
                role: try row.value("role", as: Role.self),
                centre: try row.optionalString("centre_number").flatMap(CentreNumber.init)
            )
        }
    }
}
