import Foundation
import Logging
import ScriptDeskCore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskStore

@Suite struct StoreTests {
    static let logger = Logger(label: "test")
    static let now = Date(timeIntervalSince1970: 1_787_212_800)

    @Test func migratingTwiceAppliesNothingTheSecondTime() async throws {
        let database = try await Database.open(.sqliteInMemory, logger: Self.logger)
        let migrator = Migrator(migrations: StoreSchema.migrations)
        let first = try await migrator.migrate(database, logger: Self.logger)
        let second = try await migrator.migrate(database, logger: Self.logger)
        #expect(first == StoreSchema.migrations.map(\.id))
        #expect(second.isEmpty)
        try await database.close()
    }

    @Test(arguments: DatabaseKind.allCases) func aDatabaseFromANewerVersionIsRefused(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let older = Migrator(migrations: Array(StoreSchema.migrations.prefix(1)))
            await #expect(throws: StoreError.self) { try await older.migrate(database, logger: Self.logger) }
        }
    }

    @Test(arguments: DatabaseKind.allCases) func aFailedTransactionLeavesNoRow(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            struct Boom: Error {}
            let centre = Centre(number: CentreNumber("12345")!, name: "Northgate Academy")
            await #expect(throws: Boom.self) {
                try await database.transaction { db in
                    try await ReferenceData().save(centre, on: db)
                    throw Boom()
                }
            }
            let found = try await database.read { try await ReferenceData().centre(centre.number, on: $0) }
            #expect(found == nil)
        }
    }

    /// A task cancelled inside a transaction (a worker's heartbeat when its job ends, a client
    /// that hangs up) still ends the transaction, and the connection stays usable.
    @Test(arguments: DatabaseKind.allCases) func aCancelledTaskStillEndsItsTransaction(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let first = Centre(number: CentreNumber("12345")!, name: "Northgate Academy")
            let cancelled = Task {
                try await database.transaction { db in
                    try await ReferenceData().save(first, on: db)
                    withUnsafeCurrentTask { $0?.cancel() }
                }
            }
            try await cancelled.value
            let second = Centre(number: CentreNumber("23456")!, name: "Southgate College")
            try await database.transaction { try await ReferenceData().save(second, on: $0) }
            let found = try await database.read { db in
                (try await ReferenceData().centre(first.number, on: db), try await ReferenceData().centre(second.number, on: db))
            }
            #expect(found.0 == first)
            #expect(found.1 == second)
        }
    }

    @Test(arguments: DatabaseKind.allCases) func referenceDataRoundTrips(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let fixture = Fixture()
            try await fixture.save(on: database)
            try await database.read { (db) async throws in
                let reference = ReferenceData()
                #expect(try await reference.series("2026-06", on: db) == fixture.series)
                #expect(try await reference.component("H240/01", on: db) == fixture.component)
                #expect(try await reference.candidate(fixture.candidate.number, of: fixture.centre.number, on: db) == fixture.candidate)
                let result = try await reference.result(
                    series: "2026-06",
                    centre: fixture.centre.number,
                    candidate: fixture.candidate.number,
                    component: "H240/01",
                    on: db
                )
                #expect(result == fixture.result)
                let listing = try await reference.results(series: "2026-06", centre: fixture.centre.number, page: Page(), on: db)
                #expect(listing.total == 1)
                #expect(listing.items.first?.scriptPageCount == 6)
                let otherCentre = try await reference.results(series: "2026-06", centre: CentreNumber("99999")!, page: Page(), on: db)
                #expect(otherCentre.total == 0)
            }
        }
    }

    @Test(arguments: DatabaseKind.allCases) func requestsAreScopedToTheCentreAndRole(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let fixture = Fixture()
            try await fixture.save(on: database)
            let requests = ScriptRequests()
            let priority = fixture.request(kind: .priority)
            let teaching = fixture.request(kind: .nonPriority)
            try await database.transaction { db in
                for request in [priority, teaching] {
                    try await requests.insert(request, event: RequestEvent(at: Self.now, status: .queued, detail: "Requested"), on: db)
                }
            }
            let officer = User(id: "eo", name: "EO", role: .examsOfficer, centre: fixture.centre.number)
            let teacher = User(id: "t", name: "T", role: .teacher, centre: fixture.centre.number)
            let stranger = User(id: "x", name: "X", role: .examsOfficer, centre: CentreNumber("99999")!)
            try await database.read { (db) async throws in
                #expect(try await requests.list(scope: AccessPolicy().requestScope(for: Caller(officer)), page: Page(), on: db).total == 2)
                let teacherView = try await requests.list(scope: AccessPolicy().requestScope(for: Caller(teacher)), page: Page(), on: db)
                #expect(teacherView.items.map(\.id) == [teaching.id])
                #expect(try await requests.find(priority.id, scope: AccessPolicy().requestScope(for: Caller(teacher)), on: db) == nil)
                #expect(try await requests.find(priority.id, scope: AccessPolicy().requestScope(for: Caller(stranger)), on: db) == nil)
                #expect(try await requests.find(priority.id, scope: .everyCentre, on: db) == priority)
                #expect(try await requests.timeline(of: priority.id, on: db).map(\.detail) == ["Requested"])
            }
        }
    }

    @Test(arguments: DatabaseKind.allCases) func tokensAreFoundOnlyByTheirHash(kind: DatabaseKind) async throws {
        try await ScratchDatabase.with(kind, migrations: StoreSchema.migrations) { database in
            let fixture = Fixture()
            try await fixture.save(on: database)
            let user = User(id: "eo-12345", name: "EO", role: .examsOfficer, centre: fixture.centre.number)
            let token = APIToken(
                id: "0123456789ab",
                userID: user.id,
                role: user.role,
                centre: user.centre,
                label: "test",
                createdAt: Self.now,
                expiresAt: Self.now + 86_400
            )
            try await database.transaction { db in
                try await Accounts().save(user, on: db)
                try await Accounts().addToken(token, hash: "hash-of-secret", on: db)
            }
            try await database.read { (db) async throws in
                #expect(try await Accounts().token(hash: "hash-of-secret", on: db) == token)
                #expect(try await Accounts().token(hash: "secret", on: db) == nil)
            }
        }
    }

    @Test func databaseLocationsParseAndHidePasswords() {
        #expect(DatabaseLocation(parsing: "Storage/x.sqlite") == .sqlite(path: "Storage/x.sqlite"))
        #expect(DatabaseLocation(parsing: "sqlite:/tmp/a.db") == .sqlite(path: "/tmp/a.db"))
        let postgres = DatabaseLocation(parsing: "postgres://scriptdesk:s3cret@db.internal:5432/scriptdesk")
        #expect(postgres == .postgres(url: "postgres://scriptdesk:s3cret@db.internal:5432/scriptdesk"))
        #expect(!postgres.description.contains("s3cret"))
    }
}
