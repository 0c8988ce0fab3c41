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

/// `scriptdesk tokens add`, `list` and `revoke`, run as the built program against a running
/// server's storage, on both drivers: the printed secret works over the API, the list never
/// shows a secret or a hash, and a revoked token is refused.
@Suite struct TokensCommandTests {
    @Test(arguments: DatabaseKind.allCases) func anAddedTokenWorksUntilItIsRevoked(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind) { environment in
            let centre = environment.credentials.centres[0].number
            let add = try await environment.tokens(["add", "--centre", centre, "--role", "exams-officer", "--label", "MIS sync"])
            #expect(add.status == 0, "\(add.errorText)")
            let secret = add.text.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(secret.hasPrefix("sd_") && !secret.contains("\n"))
            let id = try #require(add.errorText.firstMatch(of: #/Token ([0-9a-f]{12}) /#)?.1).description
            try await environment.application().test(.router) { client in
                let response = try await client.call(.get, "/api/v1/script-requests", token: secret)
                #expect(response.status == .ok)
            }

            let list = try await environment.tokens(["list"])
            let json = try await environment.tokens(["list", "--centre", centre, "--json"])
            for listing in [list, json] {
                #expect(listing.status == 0, "\(listing.errorText)")
                #expect(listing.text.contains(id))
                #expect(listing.text.contains("MIS sync"))
                // Neither this secret nor any other (the demo's), nor any SHA-256 hash.
                #expect(!listing.text.contains("sd_"))
                #expect(!(listing.text + listing.errorText).contains(secret))
                #expect(listing.text.firstMatch(of: #/[0-9a-f]{64}/#) == nil)
            }
            let listed = try #require(
                try JSONSerialization.jsonObject(with: json.output) as? [[String: Any]]
            ).first { $0["id"] as? String == id }
            #expect(listed?["role"] as? String == "exams-officer")
            #expect(listed?["centre"] as? String == centre)
            #expect(listed?["lastUsedAt"] != nil)
            #expect(listed?["revokedAt"] == nil)

            let revoke = try await environment.tokens(["revoke", id])
            #expect(revoke.status == 0, "\(revoke.errorText)")
            try await environment.application().test(.router) { client in
                let refused = try await client.call(.get, "/api/v1/script-requests", token: secret)
                #expect(refused.status == .unauthorized)
                #expect(refused.errorCode == "auth.token_revoked")
            }
            let unknown = try await environment.tokens(["revoke", "ffffffffffff"])
            #expect(unknown.status != 0)
            #expect(unknown.errorText.contains("There is no API token 'ffffffffffff'"))
        }
    }

    @Test func aTokenForACentreRoleNeedsACentre() async throws {
        try await TestEnvironment.with { environment in
            let add = try await environment.tokens(["add", "--role", "teacher"])
            #expect(add.status != 0)
            #expect(add.text.isEmpty)
            #expect(add.errorText.contains("belongs to one centre"))
        }
    }
}

extension TestEnvironment {
    /// Runs `scriptdesk tokens ARGUMENTS` on this environment's storage and database, as an
    /// operator would on the server while it serves.
    func tokens(_ arguments: [String]) async throws -> ChildProcess.Ending {
        try await command(["tokens"] + arguments)
    }

    /// Runs `scriptdesk` with `arguments` against this environment's storage and database.
    func command(_ arguments: [String]) async throws -> ChildProcess.Ending {
        let database: String =
            switch runtime.settings.database {
            case .sqlite(let path): path
            case .postgres(let url): url
            case .sqliteInMemory: ":memory:"
            }
        return try await ChildProcess.run(
            [TestEnvironment.scriptdeskExecutable] + arguments + ["--storage", root, "--database", database]
        )
    }
}

extension ChildProcess.Ending {
    /// Standard error as text.
    var errorText: String { String(decoding: errors, as: UTF8.self) }
}
