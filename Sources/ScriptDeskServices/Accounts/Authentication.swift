import Crypto
public import Foundation
public import ScriptDeskCore
public import ScriptDeskStore

/// Who an API token stands for. Tokens are random secrets shown once and stored only as
/// SHA-256 hashes; a lookup goes by the hash, so comparing it leaks nothing of the secret.
public struct Authentication: Sendable {
    let database: Database
    let clock: WallClock
    private let accounts = Accounts()

    /// Looks tokens up in `database`, judging their expiry by `clock`.
    public init(database: Database, clock: WallClock) {
        self.database = database
        self.clock = clock
    }

    /// The caller a presented token stands for. Throws `TokenRefusal` for a token that
    /// matches nobody, has expired or was revoked. The use is written down when the last one
    /// recorded is `APIToken.lastUseResolution` old or more, so most requests only read.
    public func caller(presenting secret: String) async throws -> Caller {
        let hash = Self.hash(secret)
        let now = clock.now
        guard let token = try await database.read({ try await accounts.token(hash: hash, on: $0) }) else {
            throw TokenRefusal.unknown
        }
        if let refusal = token.refusal(at: now) { throw refusal }
        if token.lastUseIsStale(at: now) {
            let since = now.addingTimeInterval(-APIToken.lastUseResolution)
            try await database.writeStatement { try await accounts.recordUse(hash: hash, at: now, unlessUsedAfter: since, on: $0) }
        }
        return token.caller
    }

    /// A token just made: its secret, shown once and never stored, and the token as listed.
    public struct Issued: Sendable {
        /// The secret the caller presents as `Authorization: Bearer <secret>`.
        public var secret: String
        /// The token as stored, without its secret.
        public var token: APIToken
    }

    /// Gives `user` a new token with public id `id`, labelled `label`, expiring at `expiresAt`
    /// (`nil`: never), in the caller's transaction; with `replacing`, every earlier token of
    /// the user stops working.
    public static func issueToken(
        id: String = makePublicID(),
        to user: User,
        label: String,
        expiresAt: Date?,
        replacing: Bool,
        now: Date,
        in transaction: StoreConnection
    ) async throws -> Issued {
        let accounts = Accounts()
        try await accounts.save(user, on: transaction)
        if replacing { try await accounts.removeTokens(userID: user.id, on: transaction) }
        let secret = makeSecret()
        let token = APIToken(
            id: id,
            userID: user.id,
            role: user.role,
            centre: user.centre,
            label: label,
            createdAt: now,
            expiresAt: expiresAt
        )
        try await accounts.addToken(token, hash: hash(secret), on: transaction)
        return Issued(secret: secret, token: token)
    }

    /// A new secret: `sd_` and 32 random bytes in base64url.
    static func makeSecret() -> String {
        "sd_" + Base64URL.encode(randomBytes(32))
    }

    /// A new public id: 6 random bytes as 12 lowercase hex digits, drawn apart from the
    /// secret, so it tells nothing of it.
    public static func makePublicID() -> String {
        Hex.encode(randomBytes(6))
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The stored form of a secret (an API token, a session id): its SHA-256, in hex.
    static func hash(_ secret: String) -> String {
        Hex.encode(SHA256.hash(data: Data(secret.utf8)))
    }
}
