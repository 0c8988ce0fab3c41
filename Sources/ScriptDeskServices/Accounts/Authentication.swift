import Crypto
public import Foundation
public import ScriptDeskCore
public import ScriptDeskStore

/// Who an API token stands for. Tokens are random secrets shown once and stored only as
/// SHA-256 hashes; a lookup goes by the hash, so comparing it leaks nothing of the secret.
public struct Authentication: Sendable {
    let database: Database
    private let accounts = Accounts()

    /// Looks tokens up in `database`.
    public init(database: Database) {
        self.database = database
    }

    /// The caller a presented token stands for, or `nil` for a token that matches nobody.
    public func caller(presenting token: String) async throws -> Caller? {
        let hash = Self.hash(token)
        return try await database.read { try await accounts.user(tokenHash: hash, on: $0) }.map(Caller.init)
    }

    /// Gives `user` a new token, labelled `label`, in the caller's transaction; with
    /// `replacing`, every earlier token of the user stops working. Returns the secret, which
    /// is shown once and never stored.
    public static func issueToken(to user: User, label: String, replacing: Bool, now: Date, in transaction: StoreConnection) async throws -> String {
        let accounts = Accounts()
        try await accounts.save(user, on: transaction)
        if replacing { try await accounts.removeTokens(userID: user.id, on: transaction) }
        let token = makeToken()
        try await accounts.addToken(hash: hash(token), userID: user.id, label: label, now: now, on: transaction)
        return token
    }

    /// A new token: `sd_` and 32 random bytes in base64url.
    static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return "sd_" + Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The stored form of a token.
    static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}
