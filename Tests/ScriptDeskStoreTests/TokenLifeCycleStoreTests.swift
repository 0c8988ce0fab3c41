import Foundation
import SQLKit
import ScriptDeskCore
import ScriptDeskStoreTestSupport
import Testing

@testable import ScriptDeskStore

/// API tokens' expiry, last use and revocation as stored, and the tokens made before them.
@Suite struct TokenLifeCycleStoreTests {
    static let now = StoreTests.now

    static func token(_ id: String, user: User) -> APIToken {
        APIToken(
            id: id,
            userID: user.id,
            role: user.role,
            centre: user.centre,
            label: "MIS sync",
            createdAt: now,
            expiresAt: now + 90 * 86_400
        )
    }

    /// Tokens stored before the life cycle existed keep working: the demo's with no expiry,
    /// any other with one 90 days after the migration; each gets its hash's first 12 hex
    /// digits as public id.
    @Test(arguments: DatabaseKind.allCases) func tokensFromBeforeTheMigrationKeepWorking(kind: DatabaseKind) async throws {
        let earlier = Array(StoreSchema.migrations.prefix { $0.id != StoreSchema.tokenLifeCycle.id })
        try await ScratchDatabase.with(kind, migrations: earlier) { database in
            try await database.transaction { db in
                try await ReferenceData().save(Centre(number: CentreNumber("12345")!, name: "Northgate Academy"), on: db)
                try await Accounts().save(User(id: "eo-12345", name: "EO", role: .examsOfficer, centre: CentreNumber("12345")!), on: db)
                try await Accounts().save(User(id: "operations", name: "Operations", role: .operations, centre: nil), on: db)
                for (hash, user, label) in [("aa11bb22cc33dd44", "eo-12345", "demo"), ("ee55ff66aa77bb88", "operations", "by hand")] {
                    try await db.raw(
                        """
                        INSERT INTO api_tokens (token_hash, user_id, label, created_at)
                        VALUES (\(bind: hash), \(bind: user), \(bind: label), \(bind: SQLTime.text(Self.now)))
                        """
                    ).run()
                }
            }
            let before = WallClock.system.now
            try await Migrator(migrations: StoreSchema.migrations).migrate(database, logger: StoreTests.logger)
            let after = WallClock.system.now
            let (demo, byHand) = try await database.read { db in
                (try await Accounts().token(hash: "aa11bb22cc33dd44", on: db), try await Accounts().token(hash: "ee55ff66aa77bb88", on: db))
            }
            #expect(demo?.id == "aa11bb22cc33")
            #expect(demo?.expiresAt == nil)
            #expect(demo?.refusal(at: after + 400 * 86_400) == nil)
            #expect(byHand?.id == "ee55ff66aa77")
            let expiry = try #require(byHand?.expiresAt)
            #expect(expiry >= before + 90 * 86_400 - 1 && expiry <= after + 90 * 86_400 + 1)
            #expect(byHand?.refusal(at: after) == nil)
            #expect(byHand?.refusal(at: expiry) == .expired)
        }
    }

    @Test(arguments: DatabaseKind.allCases) func aRevokedTokenStaysRevokedAtItsFirstRevocation(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let user = User(id: "operations", name: "Operations", role: .operations, centre: nil)
            try await database.transaction { db in
                try await Accounts().save(user, on: db)
                try await Accounts().addToken(Self.token("0123456789ab", user: user), hash: "h1", on: db)
            }
            let first = try await database.transaction { try await Accounts().revokeToken(id: "0123456789ab", at: Self.now + 10, on: $0) }
            let second = try await database.transaction { try await Accounts().revokeToken(id: "0123456789ab", at: Self.now + 20, on: $0) }
            let unknown = try await database.transaction { try await Accounts().revokeToken(id: "ffffffffffff", at: Self.now, on: $0) }
            #expect(first && !second && !unknown)
            let token = try await database.read { try await Accounts().token(id: "0123456789ab", on: $0) }
            #expect(token?.revokedAt == Self.now + 10)
            #expect(token?.refusal(at: Self.now + 30) == .revoked)
        }
    }

    /// A use is written only when none after the given instant is recorded, so two
    /// processes that both saw a stale use write it once between them.
    @Test(arguments: DatabaseKind.allCases) func aUseIsRecordedOnlyOverAnOlderOne(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let user = User(id: "operations", name: "Operations", role: .operations, centre: nil)
            try await database.transaction { db in
                try await Accounts().save(user, on: db)
                try await Accounts().addToken(Self.token("0123456789ab", user: user), hash: "h1", on: db)
            }
            func use(at instant: Date) async throws -> Date? {
                try await database.writeStatement {
                    try await Accounts().recordUse(hash: "h1", at: instant, unlessUsedAfter: instant - 60, on: $0)
                }
                return try await database.read { try await Accounts().token(hash: "h1", on: $0) }?.lastUsedAt
            }
            #expect(try await use(at: Self.now) == Self.now)
            #expect(try await use(at: Self.now + 59) == Self.now)
            #expect(try await use(at: Self.now + 60) == Self.now + 60)
        }
    }

    @Test(arguments: DatabaseKind.allCases) func tokensAreListedByCentre(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let fixture = Fixture()
            try await fixture.save(on: database)
            let officer = User(id: "token-0123456789ab", name: "EO", role: .examsOfficer, centre: fixture.centre.number)
            let operations = User(id: "token-ba9876543210", name: "Ops", role: .operations, centre: nil)
            try await database.transaction { db in
                for (user, id) in [(officer, "0123456789ab"), (operations, "ba9876543210")] {
                    try await Accounts().save(user, on: db)
                    try await Accounts().addToken(Self.token(id, user: user), hash: "hash-\(id)", on: db)
                }
            }
            let (all, centre) = try await database.read { db in
                (try await Accounts().tokens(centre: nil, on: db), try await Accounts().tokens(centre: fixture.centre.number, on: db))
            }
            #expect(Set(all.map(\.id)) == ["0123456789ab", "ba9876543210"])
            #expect(centre.map(\.id) == ["0123456789ab"])
            #expect(centre.first?.centre == fixture.centre.number)
        }
    }
}
