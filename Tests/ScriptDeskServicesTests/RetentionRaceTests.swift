import Foundation
import SQLKit
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskServices

/// On PostgreSQL, where transactions run side by side, a link issued while a copy is being
/// purged is never left live: whichever reaches the request's row first, the other waits for
/// it and sees what it did.
@Suite struct RetentionRaceTests {
    /// Runs `body` with an environment on a fresh PostgreSQL database, dropped afterwards.
    static func onPostgres(_ body: (TestEnvironment, String) async throws -> Void) async throws {
        let server = try PostgresServer.fromEnvironment()
        let name = try await server.createDatabase()
        do {
            try await TestEnvironment.with(settings: ["SCRIPTDESK_DATABASE_URL": try server.url(of: name)]) { try await body($0, name) }
            try await server.dropDatabase(name)
        } catch {
            try? await server.dropDatabase(name)
            throw error
        }
    }

    /// Waits until some transaction of this database waits for a row lock.
    static func untilOneWaitsForALock(_ database: Database) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let waiting = try await database.read { db in
                try await db.raw(
                    "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            if waiting > 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no transaction came to wait for the row")
    }

    /// Every link of the request, and whether each is revoked.
    static func links(of requestID: String, _ environment: TestEnvironment) async throws -> [(id: String, revoked: Bool)] {
        try await environment.runtime.database.read { db in
            try await db.raw("SELECT id, revoked_at FROM download_links WHERE request_id = \(bind: requestID)").all().map {
                (try $0.decode(column: "id", as: String.self), try $0.decode(column: "revoked_at", as: String?.self) != nil)
            }
        }
    }

    @Test func aLinkBeingIssuedWhenThePurgeStartsIsRevokedWithTheRest() async throws {
        try await Self.onPostgres { environment, _ in
            let runtime = environment.runtime
            let request = try await RetentionJobTests.publishedCopy(environment)
            RetentionJobTests.moveClock(environment, to: 1, from: try await RetentionJobTests.retentionEnd(environment))
            let (holding, held) = AsyncStream.makeStream(of: Void.self)
            let (releasing, release) = AsyncStream.makeStream(of: Void.self)
            // A link being issued, as LinkService does it: the request's row, then the link;
            // its transaction stays open until the purge is waiting for that row.
            let issuing = Task {
                try await runtime.database.transaction { db in
                    let event = RequestEvent(at: environment.clock.now, status: .ready, detail: "New download link issued")
                    _ = try await ScriptRequests().record(event, for: request.id, from: [.ready], on: db)
                    let copy = try #require(request.copy)
                    try await DownloadLinks().insert(runtime.links.newLink(to: copy, of: request, now: environment.clock.now), on: db)
                    held.yield()
                    for await _ in releasing { break }
                }
            }
            for await _ in holding { break }
            let purge = Task { try await runtime.retentionJob().purgeEndedSeries(now: environment.clock.now) }
            try await Self.untilOneWaitsForALock(runtime.database)
            release.yield()
            try await issuing.value
            try await purge.value
            let links = try await Self.links(of: request.id, environment)
            #expect(links.count == 2)
            #expect(links.allSatisfy { $0.revoked })
        }
    }

    @Test func aLinkAskedForWhileThePurgeHoldsTheRequestIsRefused() async throws {
        try await Self.onPostgres { environment, _ in
            let runtime = environment.runtime
            let request = try await RetentionJobTests.publishedCopy(environment)
            let (holding, held) = AsyncStream.makeStream(of: Void.self)
            let (releasing, release) = AsyncStream.makeStream(of: Void.self)
            // A purge in flight, as RetentionJob does it: the request expired first, its links
            // revoked; its transaction stays open until the new link's request is waiting.
            let purging = Task {
                try await runtime.database.transaction { db in
                    let event = RequestEvent(at: environment.clock.now, status: .expired, detail: RetentionJob.deletedDetail)
                    _ = try await ScriptRequests().record(event, for: request.id, from: [.ready, .downloaded], on: db)
                    _ = try await DownloadLinks().revokeAll(forRequest: request.id, at: environment.clock.now, on: db)
                    held.yield()
                    for await _ in releasing { break }
                }
            }
            for await _ in holding { break }
            let issuing = Task { try await runtime.links.reissue(request.id, by: environment.examsOfficer) }
            try await Self.untilOneWaitsForALock(runtime.database)
            release.yield()
            try await purging.value
            await #expect(throws: LinkServiceError.self) { try await issuing.value }
            let links = try await Self.links(of: request.id, environment)
            #expect(links.count == 1)
            #expect(links.allSatisfy { $0.revoked })
        }
    }
}
