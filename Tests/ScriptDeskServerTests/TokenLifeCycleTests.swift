import Foundation
import Hummingbird
import HummingbirdTesting
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServer
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

/// API tokens over HTTP on both drivers: an expired token and a revoked one are refused with
/// their own codes, the demo's never expire, and a use is written down once a minute at most.
@Suite struct TokenLifeCycleTests {
    static let day: TimeInterval = 86_400

    @Test(arguments: DatabaseKind.allCases) func anExpiredTokenIsRefusedWithTokenExpired(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind) { environment in
            let centre = try #require(CentreNumber(environment.credentials.centres[0].number))
            let issued = try await environment.runtime.tokens.issue(
                role: .examsOfficer,
                centre: centre,
                label: "MIS sync",
                lifetimeDays: 1,
                by: .commandLine
            )
            let demo = environment.credentials.centres[0].examsOfficerToken
            try await environment.application().test(.router) { client in
                #expect(try await client.call(.get, "/api/v1/script-requests", token: issued.secret).status == .ok)
                environment.clock.advance(by: Self.day - 1)
                #expect(try await client.call(.get, "/api/v1/script-requests", token: issued.secret).status == .ok)
                environment.clock.advance(by: 1)
                let refused = try await client.call(.get, "/api/v1/script-requests", token: issued.secret)
                #expect(refused.status == .unauthorized)
                #expect(refused.errorCode == "auth.token_expired")
                #expect(refused.headers[.wwwAuthenticate] == "Bearer realm=\"scriptdesk\"")
                let message = (try refused.object["error"] as? [String: Any])?["message"] as? String
                #expect(message?.contains("scriptdesk tokens add") == true)
                #expect(message?.contains(issued.token.id) == false)
                // The demo's tokens never expire.
                environment.clock.advance(by: 400 * Self.day)
                #expect(try await client.call(.get, "/api/v1/script-requests", token: demo).status == .ok)
            }
        }
    }

    @Test(arguments: DatabaseKind.allCases) func aRevokedTokenIsRefusedFromTheNextRequest(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind) { environment in
            let tokens = environment.runtime.tokens
            let issued = try await tokens.issue(role: .operations, centre: nil, label: "monitoring", by: .commandLine)
            try await environment.application().test(.router) { client in
                #expect(try await client.call(.get, "/api/v1/queue", token: issued.secret).status == .ok)
                let revocation = try await tokens.revoke(id: issued.token.id, by: .commandLine)
                #expect(!revocation.wasRevokedBefore)
                let refused = try await client.call(.get, "/api/v1/queue", token: issued.secret)
                #expect(refused.status == .unauthorized)
                #expect(refused.errorCode == "auth.token_revoked")
                #expect(try await tokens.revoke(id: issued.token.id, by: .commandLine).wasRevokedBefore)
            }
        }
    }

    @Test func aUseIsWrittenDownOnceAMinuteAtMost() async throws {
        try await TestEnvironment.with { environment in
            let tokens = environment.runtime.tokens
            let issued = try await tokens.issue(role: .operations, centre: nil, label: "monitoring", by: .commandLine)
            #expect(try await Self.lastUse(of: issued.token.id, in: tokens) == nil)
            let first = environment.clock.now
            try await environment.application().test(.router) { client in
                for (advance, recorded) in [(0.0, first), (59, first), (1, first + 60)] {
                    environment.clock.advance(by: advance)
                    #expect(try await client.call(.get, "/api/v1/queue", token: issued.secret).status == .ok)
                    let lastUse = try await Self.lastUse(of: issued.token.id, in: tokens)
                    #expect(lastUse.map { abs($0.timeIntervalSince(recorded)) < 0.001 } == true)
                }
            }
        }
    }

    @Test func tokensAreIssuedOnlyForARoleAndCentreThatFit() async throws {
        try await TestEnvironment.with { environment in
            let tokens = environment.runtime.tokens
            let centre = try #require(CentreNumber(environment.credentials.centres[0].number))
            await #expect(throws: TokenServiceError.centreRequired(.teacher)) {
                try await tokens.issue(role: .teacher, centre: nil, label: "", by: .commandLine)
            }
            await #expect(throws: TokenServiceError.centreNotAllowed(.operations)) {
                try await tokens.issue(role: .operations, centre: centre, label: "", by: .commandLine)
            }
            await #expect(throws: TokenServiceError.centreNotFound(CentreNumber("99999")!)) {
                try await tokens.issue(role: .teacher, centre: CentreNumber("99999")!, label: "", by: .commandLine)
            }
            await #expect(throws: TokenServiceError.lifetimeOutOfRange(days: 0)) {
                try await tokens.issue(role: .teacher, centre: centre, label: "", lifetimeDays: 0, by: .commandLine)
            }
            await #expect(throws: TokenServiceError.badLabel) {
                try await tokens.issue(role: .teacher, centre: centre, label: "a\u{1B}[2Jb", by: .commandLine)
            }
            let officer = Caller(id: "eo", role: .examsOfficer, centre: centre)
            await #expect(throws: AccessRefusal.self) {
                try await tokens.issue(role: .teacher, centre: centre, label: "", by: officer)
            }
            await #expect(throws: AccessRefusal.self) { try await tokens.list(centre: nil, by: officer) }
        }
    }

    /// When the token with public id `id` was last used, as listed.
    static func lastUse(of id: String, in tokens: TokenService) async throws -> Date? {
        try await tokens.list(centre: nil, by: .commandLine).first { $0.id == id }?.lastUsedAt
    }
}
