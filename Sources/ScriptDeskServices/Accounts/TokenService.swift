public import Foundation
public import ScriptDeskCore
public import ScriptDeskStore

/// API tokens as operations manage them: issue one for a role (and a centre, for a centre
/// role), list them, revoke one by its public id. Each token stands for a user of its own,
/// named `token-<id>`, so a request on a timeline or a log line names the very token that
/// made it. The command line calls these methods, and the access policy decides who may.
public struct TokenService: Sendable {
    let database: Database
    let access: AccessPolicy
    let clock: WallClock
    private let accounts = Accounts()

    /// How many days a new token may last.
    public static let lifetimes = 1...365
    /// How many days a new token lasts unless told otherwise.
    public static let defaultLifetimeDays = 90
    /// The longest label, in characters.
    public static let labelLimit = 200

    /// Keeps tokens in `database` for the callers `access` allows, dated by `clock`.
    public init(database: Database, access: AccessPolicy, clock: WallClock) {
        self.database = database
        self.access = access
        self.clock = clock
    }

    /// A new token for `role` at `centre` (`nil` for operations and administrators), labelled
    /// `label`, lasting `lifetimeDays` days from now. Its secret is in the answer only.
    public func issue(
        role: Role,
        centre: CentreNumber?,
        label: String,
        lifetimeDays: Int = defaultLifetimeDays,
        by caller: Caller
    ) async throws -> Authentication.Issued {
        try access.authorise(caller, .manageTokens)
        switch (role.isCentreRole, centre) {
        case (true, nil): throw TokenServiceError.centreRequired(role)
        case (false, _?): throw TokenServiceError.centreNotAllowed(role)
        default: break
        }
        guard Self.lifetimes.contains(lifetimeDays) else { throw TokenServiceError.lifetimeOutOfRange(days: lifetimeDays) }
        let label = label.trimmingCharacters(in: .whitespaces)
        guard label.count <= Self.labelLimit, !label.unicodeScalars.contains(where: CharacterSet.controlCharacters.contains) else {
            throw TokenServiceError.badLabel
        }
        let now = clock.now
        return try await database.transaction { db in
            if let centre, try await ReferenceData().centre(centre, on: db) == nil {
                throw TokenServiceError.centreNotFound(centre)
            }
            let id = Authentication.makePublicID()
            let name = label.isEmpty ? "API token \(id)" : label
            return try await Authentication.issueToken(
                id: id,
                to: User(id: "token-\(id)", name: name, role: role, centre: centre),
                label: label,
                expiresAt: now.addingTimeInterval(TimeInterval(lifetimeDays) * 86_400),
                replacing: false,
                now: now,
                in: db
            )
        }
    }

    /// Every token, or every token of `centre`, newest first, whatever its state.
    public func list(centre: CentreNumber?, by caller: Caller) async throws -> [APIToken] {
        try access.authorise(caller, .manageTokens)
        return try await database.read { try await accounts.tokens(centre: centre, on: $0) }
    }

    /// What revoking a token did.
    public struct Revocation: Sendable {
        /// The token as it is now.
        public var token: APIToken
        /// Whether it had been revoked before (its revocation time is then the first one).
        public var wasRevokedBefore: Bool
    }

    /// Revokes the token with public id `id`: from the next request on, every server
    /// process refuses it. Revoking it again changes nothing.
    public func revoke(id: String, by caller: Caller) async throws -> Revocation {
        try access.authorise(caller, .manageTokens)
        let now = clock.now
        return try await database.transaction { db in
            let changed = try await accounts.revokeToken(id: id, at: now, on: db)
            guard let token = try await accounts.token(id: id, on: db) else { throw TokenServiceError.tokenNotFound(id) }
            return Revocation(token: token, wasRevokedBefore: !changed)
        }
    }
}
