public import Foundation
public import ScriptDeskCore
public import ScriptDeskStore

/// Signing in to the pages with a user name and password, and the sessions that follow:
/// stored in the database by the hash of their id, so every server process shares them and
/// signing out ends one everywhere. Failed sign-ins slow the next ones per account and per
/// client address, and neither a refusal nor its timing says whether a user name exists.
public struct SignInService: Sendable {
    let database: Database
    let hasher: PasswordHasher
    let rules: SignInRules
    let clock: WallClock
    private let people = People()
    private let sessions = Sessions()
    private let failures = SignInFailures()

    /// A session's use is written down when the last one recorded is this old or more.
    static let touchResolution: TimeInterval = 60

    /// Keeps people and sessions in `database`, checks passwords with `hasher`, and ends
    /// sessions and slows failures as `rules` say, by `clock`.
    public init(database: Database, hasher: PasswordHasher, rules: SignInRules, clock: WallClock) {
        self.database = database
        self.hasher = hasher
        self.rules = rules
        self.clock = clock
    }

    /// A signed-in person's session, as a page sees it.
    public struct SignedIn: Sendable, Hashable {
        /// Who signed in.
        public var person: Person
        /// The token every unsafe request from the session's pages must carry.
        public var csrfToken: String
        /// When the session started.
        public var startedAt: Date

        /// The caller the access policy sees.
        public var caller: Caller { Caller(person) }
    }

    /// A session just started. Its `id` goes into the cookie and nowhere else.
    public struct Started: Sendable {
        /// The session's id: 32 random bytes in base64url, stored only as a hash.
        public var id: String
        /// The session.
        public var session: SignedIn
    }

    /// Signs `username` in with `password` from `address`, ending the session `replacing`
    /// (the browser's before it signed in), so an id planted before sign-in is worth nothing
    /// after it. Throws `SignInRefusal`.
    public func signIn(username: String, password: String, from address: String, replacing: String? = nil) async throws -> Started {
        let now = clock.now
        let name = Person.normalise(username: username)
        let subjects = [Self.accountSubject(name), Self.addressSubject(address)]
        let (counts, found) = try await database.read { db in
            (try await failures.counts(of: subjects, on: db), try await people.find(username: name, on: db))
        }
        if let until = counts.values.compactMap(\.pausedUntil).max(), until > now {
            throw SignInRefusal.paused(retryAfter: max(1, Int(until.timeIntervalSince(now).rounded(.up))))
        }
        let hash = found.flatMap { $0.person.disabledAt == nil ? $0.passwordHash : nil }
        guard try await hasher.verify(password, against: hash), let person = found?.person else {
            try await recordFailure(of: subjects, at: now)
            throw SignInRefusal.failed
        }
        let id = Base64URL.encode(Authentication.randomBytes(32))
        let session = Sessions.Stored(
            idHash: Authentication.hash(id),
            userID: person.user.id,
            csrfToken: Base64URL.encode(Authentication.randomBytes(32)),
            clientAddress: address,
            createdAt: now,
            lastSeenAt: now
        )
        try await database.transaction { db in
            try await failures.clear(subjects[0], on: db)
            if let replacing { try await sessions.delete(idHash: Authentication.hash(replacing), on: db) }
            // The person's sessions that have lapsed go now, so no one's pile up.
            try await sessions.deleteLapsed(
                userID: person.user.id,
                idleSince: now - rules.idleTimeout,
                startedSince: now - rules.absoluteTimeout,
                on: db
            )
            try await sessions.insert(session, on: db)
        }
        return Started(id: id, session: SignedIn(person: person, csrfToken: session.csrfToken, startedAt: now))
    }

    /// Counts a failure against the account and the address, pausing either past its threshold.
    private func recordFailure(of subjects: [String], at now: Date) async throws {
        try await database.transaction { db in
            for (subject, factor) in zip(subjects, [1, rules.addressFactor]) {
                let count = try await failures.recordFailure(of: subject, at: now, forgetBefore: now - rules.pause, on: db)
                try await failures.pause(subject, until: rules.pausedUntil(failures: count, at: now, factor: factor), on: db)
            }
        }
    }

    /// The live session whose id is `id`, or `nil` when there is none, it has been idle past
    /// the idle timeout or lived past the absolute one (it is then removed), or its person has
    /// been disabled.
    public func session(id: String) async throws -> SignedIn? {
        let now = clock.now
        let hash = Authentication.hash(id)
        let found = try await database.read { db -> (Sessions.Stored, Person)? in
            guard let stored = try await sessions.find(idHash: hash, on: db),
                let person = try await people.find(userID: stored.userID, on: db)
            else { return nil }
            return (stored, person)
        }
        guard let (stored, person) = found else { return nil }
        let lapsed = now.timeIntervalSince(stored.lastSeenAt) > rules.idleTimeout || now.timeIntervalSince(stored.createdAt) > rules.absoluteTimeout
        guard !lapsed, person.disabledAt == nil else {
            try await database.writeStatement { try await sessions.delete(idHash: hash, on: $0) }
            return nil
        }
        if now.timeIntervalSince(stored.lastSeenAt) >= Self.touchResolution {
            try await database.writeStatement { try await sessions.touch(idHash: hash, at: now, on: $0) }
        }
        return SignedIn(person: person, csrfToken: stored.csrfToken, startedAt: stored.createdAt)
    }

    /// Ends the session whose id is `id`, on every process.
    public func signOut(id: String) async throws {
        try await database.writeStatement { try await sessions.delete(idHash: Authentication.hash(id), on: $0) }
    }

    static func accountSubject(_ username: String) -> String { "account:\(Person.normalise(username: username))" }
    static func addressSubject(_ address: String) -> String { "address:\(address)" }
}
