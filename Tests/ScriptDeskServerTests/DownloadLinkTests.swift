import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskDemo
import ScriptDeskServer
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

/// Signed links over the real server: every way a token can be wrong is refused with no
/// byte of the file, and allowances, revocation, audit and nginx offload behave as the
/// README says.
@Suite struct DownloadLinkTests {
    /// Another link to the same copy, changed by `change`, stored and signed as the
    /// pipeline would; returns its `/d/` path.
    static func link(
        like ready: ReadyDownload,
        in environment: TestEnvironment,
        _ change: (inout DownloadLink) -> Void = { _ in }
    ) async throws -> (path: String, link: DownloadLink) {
        let links = DownloadLinks()
        var link = try #require(try await environment.runtime.database.read { try await links.find(ready.linkID, on: $0) })
        link.id = LinkSigner.newLinkID()
        change(&link)
        let stored = link
        try await environment.runtime.database.transaction { try await links.insert(stored, on: $0) }
        return ("/d/\(try environment.runtime.signer.token(for: link))", link)
    }

    static func expectRefused(_ response: TestResponse, _ status: HTTPResponse.Status, code: String, _ what: String) {
        #expect(response.status == status, "\(what): \(response.status)")
        #expect(response.errorCode == code, "\(what): \(response.errorCode ?? "no code")")
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, "\(what)")
        #expect(!response.carriesPDF, "\(what) carried the file")
    }

    @Test func everyTamperedTokenIsRefusedWithoutFileBytes() async throws {
        // Hundreds of refusals from one address: past the limit that holds such an address off.
        try await TestEnvironment.with(workers: 1, settings: ["SCRIPTDESK_LINK_REFUSALS_PER_MINUTE": "100000"]) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                #expect(try await client.call(.get, ready.path).status == .ok)

                // Each single bit of the token, flipped: 53 bytes, 424 tokens.
                let bytes = try #require(Base64URL.decode(ready.token))
                for index in bytes.indices {
                    for bit in 0..<8 {
                        var flipped = bytes
                        flipped[index] ^= 1 << bit
                        Self.expectRefused(
                            try await client.call(.get, "/d/\(Base64URL.encode(flipped))"),
                            .forbidden,
                            code: "link.invalid",
                            "bit \(bit) of byte \(index)"
                        )
                    }
                }
                let token = ready.token
                let tail = String(token.dropFirst())
                var variants: [String: String] = [:]
                variants["truncated"] = String(token.dropLast())
                variants["truncated by two"] = String(token.dropLast(2))
                variants["lengthened"] = token + "A"
                variants["padded"] = token + "="
                variants["padded, encoded"] = token + "%3D"
                variants["with + for the first character"] = "+" + tail
                variants["with %2B"] = "%2B" + tail
                variants["double-encoded"] = "%252B" + tail
                variants["all zero"] = String(repeating: "A", count: token.count)
                if token.contains("-") { variants["standard base64's + for -"] = token.replacingOccurrences(of: "-", with: "+") }
                for (what, variant) in variants {
                    Self.expectRefused(try await client.call(.get, "/d/\(variant)"), .forbidden, code: "link.invalid", what)
                }

                // A well-formed token under a key this server never held.
                let stranger = SigningKeyring.Key(id: "0badc0de", secret: SymmetricKey(size: .bits256))
                var foreign = try #require(try await environment.runtime.database.read { try await DownloadLinks().find(ready.linkID, on: $0) })
                foreign.keyID = stranger.id
                let strangerToken = try LinkSigner(keyring: SigningKeyring(current: stranger)).token(for: foreign)
                Self.expectRefused(try await client.call(.get, "/d/\(strangerToken)"), .forbidden, code: "link.invalid", "unknown key")
                // The genuine token still works after all that.
                #expect(try await client.call(.get, ready.path).status == .ok)
            }
        }
    }

    @Test func validityAudienceContentAndKeyRetirementAreEnforced() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let now = environment.clock.now
                let early = try await Self.link(like: ready, in: environment) { $0.notBefore = now + 3_600 }
                Self.expectRefused(try await client.call(.get, early.path), .forbidden, code: "link.invalid", "not yet valid")
                let otherCentre = CentreNumber(environment.credentials.centres[1].number)!
                let foreign = try await Self.link(like: ready, in: environment) { $0.audience = otherCentre }
                Self.expectRefused(try await client.call(.get, foreign.path), .forbidden, code: "link.invalid", "another centre's audience")

                // Valid to the second, refused one second later.
                let original = try #require(try await environment.runtime.database.read { try await DownloadLinks().find(ready.linkID, on: $0) })
                environment.clock.advance(by: original.expiresAt.timeIntervalSince(environment.clock.now))
                #expect(try await client.call(.get, ready.path).status == .ok)
                environment.clock.advance(by: 1)
                Self.expectRefused(try await client.call(.get, ready.path), .gone, code: "link.expired", "expired by one second")

                // A rotation: the old key verifies through the overlap, then is refused.
                let fresh = try await Self.link(like: ready, in: environment) {
                    $0.notBefore = environment.clock.now
                    $0.expiresAt = environment.clock.now + 86_400
                }
                try SigningKeyring.rotate(folder: environment.runtime.settings.storage.keys, overlap: 3_600, now: environment.clock.now)
                environment.runtime.signer.keys.reload()
                #expect(try await client.call(.get, fresh.path).status == .ok)
                environment.clock.advance(by: 3_600)
                Self.expectRefused(try await client.call(.get, fresh.path), .gone, code: "link.retired_key", "retired key")

                // A re-scanned script: the stored content's hash is not the one the link signed.
                let later = try await Self.link(like: ready, in: environment) {
                    $0.keyID = environment.runtime.signer.keyring.current.id
                    $0.notBefore = environment.clock.now
                    $0.expiresAt = environment.clock.now + 86_400
                }
                #expect(try await client.call(.get, later.path).status == .ok)
                try await environment.runtime.database.transaction { db in
                    try await db.raw(
                        "UPDATE script_requests SET content_sha256 = \(bind: String(repeating: "f", count: 64)) WHERE id = \(bind: ready.requestID)"
                    ).run()
                }
                Self.expectRefused(try await client.call(.get, later.path), .forbidden, code: "link.invalid", "content changed")
            }
        }
    }

    @Test func anAllowanceCountsBytesDeliveredSoResumingDoesNotUseItUp() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let once = try await Self.link(like: ready, in: environment) { $0.downloadAllowance = 1 }
                let half = ready.bytes / 2
                // A download broken half way and resumed is one download.
                let first = try await client.execute(uri: once.path, method: .get, headers: [.range: "bytes=0-\(half - 1)"])
                #expect(first.status == .partialContent)
                let rest = try await client.execute(uri: once.path, method: .get, headers: [.range: "bytes=\(half)-"])
                #expect(rest.status == .partialContent)
                #expect(first.body.readableBytes + rest.body.readableBytes == ready.bytes)
                // A second whole download is not.
                Self.expectRefused(try await client.call(.get, once.path), .gone, code: "link.allowance_used", "second download")
                // HEAD sends no bytes and uses none.
                let twice = try await Self.link(like: ready, in: environment) { $0.downloadAllowance = 2 }
                #expect(try await client.call(.head, twice.path).status == .ok)
                #expect(try await client.call(.get, twice.path).status == .ok)
                #expect(try await client.call(.get, twice.path).status == .ok)
                Self.expectRefused(try await client.call(.get, twice.path), .gone, code: "link.allowance_used", "third download")
                // The allowance is signed: raising it in the database breaks the link.
                try await environment.runtime.database.transaction { db in
                    try await db.raw("UPDATE download_links SET download_allowance = 5 WHERE id = \(bind: twice.link.id)").run()
                }
                Self.expectRefused(try await client.call(.get, twice.path), .forbidden, code: "link.invalid", "allowance raised")
            }
        }
    }

    @Test func parallelDownloadsTogetherDeliverNoMoreThanTheAllowance() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            try await environment.application().test(.live) { client in
                let port = try #require(client.port)
                let ready = try await client.readyDownload(in: environment)
                let twice = try await Self.link(like: ready, in: environment) { $0.downloadAllowance = 2 }
                let answers = try await withThrowingTaskGroup(of: (status: String, body: Int).self) { group in
                    for _ in 0..<20 {
                        group.addTask { try await RawConnection(port: port).fetch(twice.path) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let whole = answers.filter { $0.status == "HTTP/1.1 200 OK" }
                #expect(whole.allSatisfy { $0.body == ready.bytes })
                #expect(!whole.isEmpty)
                #expect(whole.reduce(0) { $0 + $1.body } <= 2 * ready.bytes)
                // Every other answer is the allowance refusal.
                #expect(answers.allSatisfy { $0.status == "HTTP/1.1 200 OK" || $0.status == "HTTP/1.1 410 Gone" }, "\(answers.map(\.status))")
                // Once every download is recorded (the refusals counted together), what stays
                // reserved is what was delivered.
                let links = DownloadLinks()
                try await until("every download is recorded", within: .seconds(30)) {
                    let recorded = try await environment.runtime.database.read { db in
                        try await links.downloads(ofRequest: ready.requestID, limit: 1_000, on: db).filter { $0.linkID == twice.link.id }
                            .reduce(0) { $0 + ($1.refused?.count ?? 1) }
                    }
                    return recorded == answers.count
                }
                let (reserved, delivered) = try await environment.runtime.database.read { db in
                    (try await links.reservedBytes(through: twice.link.id, on: db), try await links.deliveredBytes(through: twice.link.id, on: db))
                }
                #expect(reserved == delivered)
                #expect(delivered == Int64(whole.count * ready.bytes))
            }
        }
    }

    @Test func aLinkOrACentresLinksCanBeWithdrawnByTheRightPeopleOnly() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            let officer = environment.credentials.centres[0].examsOfficerToken
            let teacher = environment.credentials.centres[0].teacherToken
            let otherOfficer = environment.credentials.centres[1].examsOfficerToken
            let centre = environment.credentials.centres[0].number
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let spare = try await Self.link(like: ready, in: environment)

                let one = "/api/v1/download-links/\(ready.linkID)/revoke"
                #expect(try await client.call(.post, one, token: teacher).status == .forbidden)
                #expect(try await client.call(.post, one, token: otherOfficer).status == .notFound)
                #expect(
                    try await client.call(.post, "/api/v1/download-links/\(String(repeating: "0", count: 32))/revoke", token: officer).status
                        == .notFound
                )
                #expect(try await client.call(.get, ready.path).status == .ok)
                #expect(try await client.call(.post, one, token: officer).status == .noContent)
                Self.expectRefused(try await client.call(.get, ready.path), .gone, code: "link.revoked", "one link withdrawn")
                // The request's other link is untouched.
                #expect(try await client.call(.get, spare.path).status == .ok)

                let all = "/api/v1/centres/\(centre)/revoke-links"
                #expect(try await client.call(.post, all, token: teacher).status == .forbidden)
                #expect(try await client.call(.post, all, token: otherOfficer).status == .notFound)
                #expect(try await client.call(.post, "/api/v1/centres/12/revoke-links", token: officer).errorCode == "centre.invalid")
                #expect(try await client.call(.get, spare.path).status == .ok)
                #expect(try await client.call(.post, all, token: officer).status == .noContent)
                Self.expectRefused(try await client.call(.get, spare.path), .gone, code: "link.revoked", "centre's links withdrawn")

                let shown = try await client.call(.get, "/api/v1/script-requests/\(ready.requestID)", token: officer)
                let timeline = try #require(try shown.object["timeline"] as? [[String: Any]])
                #expect(timeline.filter { ($0["detail"] as? String)?.contains("withdrawn by exams-officer") == true }.count == 2)

                // A new link can be issued, and works where the withdrawn ones do not.
                let reissue = "/api/v1/script-requests/\(ready.requestID)/links"
                #expect(try await client.call(.post, reissue, token: teacher).status == .notFound)
                let issued = try await client.call(.post, reissue, token: officer)
                #expect(issued.status == .created)
                let url = try #require(try issued.object["url"] as? String)
                let fresh = try #require(url.range(of: "/d/").map { String(url[$0.lowerBound...]) })
                #expect(try await client.call(.get, fresh).status == .ok)
                Self.expectRefused(try await client.call(.get, spare.path), .gone, code: "link.revoked", "still withdrawn")
            }
        }
    }

    @Test func everyDownloadAndRefusalIsAuditedOnTheRequest() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            let officer = environment.credentials.centres[0].examsOfficerToken
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                #expect(try await client.call(.get, ready.path).status == .ok)
                #expect(try await client.execute(uri: ready.path, method: .get, headers: [.range: "bytes=-100"]).status == .partialContent)
                try await environment.runtime.database.transaction { db in
                    try await DownloadLinks().revoke(ready.linkID, at: environment.clock.now, on: db)
                }
                #expect(try await client.call(.get, ready.path).status == .gone)

                await environment.runtime.downloads.recorded()
                let shown = try await client.call(.get, "/api/v1/script-requests/\(ready.requestID)", token: officer)
                #expect(try shown.object["status"] as? String == "downloaded")
                let downloads = try #require(try shown.object["downloads"] as? [[String: Any]])
                #expect(downloads.map { $0["status"] as? Int } == [200, 206, 410])
                #expect(downloads.map { $0["bytes"] as? Int } == [ready.bytes, 100, 0])
                #expect(downloads.allSatisfy { $0["linkID"] as? String == ready.linkID && $0["clientAddress"] as? String != nil })
            }
        }
    }

    @Test func nginxIsHandedTheFileOnlyAfterTheTokenIsChecked() async throws {
        try await TestEnvironment.with(workers: 1, settings: ["SCRIPTDESK_DOWNLOAD_OFFLOAD_PREFIX": "/scriptdesk-files/"]) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let handed = try await client.call(.get, ready.path)
                #expect(handed.status == .ok)
                #expect(handed.headers[.init("X-Accel-Redirect")!] == "/scriptdesk-files/\(ready.sha256.prefix(2))/\(ready.sha256).pdf")
                #expect(handed.headers[.contentDisposition]?.hasPrefix("attachment; filename=") == true)
                #expect(handed.headers[.cacheControl] == "private, no-store")
                #expect(handed.body.readableBytes == 0)
                var tampered = try #require(Base64URL.decode(ready.token))
                tampered[30] ^= 1
                let refused = try await client.call(.get, "/d/\(Base64URL.encode(tampered))")
                Self.expectRefused(refused, .forbidden, code: "link.invalid", "tampered, offloaded")
                #expect(refused.headers[.init("X-Accel-Redirect")!] == nil)
            }
        }
    }
}
