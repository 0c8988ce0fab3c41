import Foundation
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
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

/// Bulk downloads over the real server: a centre's ready copies as one streamed ZIP behind
/// one signed link, read back with Python's `zipfile`.
@Suite struct BundleTests {
    /// Each entry's name and SHA-256, after `zipfile.testzip()` has checked every CRC.
    static func entries(ofZIP data: Data, in folder: String) async throws -> [String: String] {
        let path = "\(folder)/bundle-\(UUID().uuidString).zip"
        try data.write(to: URL(fileURLWithPath: path))
        let ending = try await ChildProcess.run([
            "python3", "-c",
            """
            import hashlib, json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert z.testzip() is None
                json.dump({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}, sys.stdout)
            """,
            path,
        ])
        #expect(ending.status == 0, "zipfile could not read the bundle: \(String(decoding: ending.errors, as: UTF8.self))")
        return try JSONDecoder().decode([String: String].self, from: ending.output)
    }

    @Test func aCentreDownloadsItsReadyCopiesAsOneZIP() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            let officer = environment.credentials.centres[0].examsOfficerToken
            let teacher = environment.credentials.centres[0].teacherToken
            let otherOfficer = environment.credentials.centres[1].examsOfficerToken
            let target = try await environment.heldScript(in: [.gce])
            try await environment.application().test(.live) { client in
                let priority = try await client.readyDownload(in: environment)
                let teaching = try await client.readyDownload(in: environment, kind: "non-priority")

                // A chosen set.
                let chosen = try await client.call(
                    .post,
                    "/api/v1/bundles",
                    token: officer,
                    json: #"{"requests": ["\#(priority.requestID)", "\#(teaching.requestID)"]}"#
                )
                #expect(chosen.status == .created, "\(String(buffer: chosen.body))")
                #expect(try chosen.object["count"] as? Int == 2)
                let url = try #require(try chosen.object["url"] as? String)
                let path = try #require(url.range(of: "/z/").map { String(url[$0.lowerBound...]) })
                let zip = try await client.call(.get, path)
                #expect(zip.status == .ok)
                #expect(zip.headers[.contentType] == "application/zip")
                #expect(zip.headers[.cacheControl] == "private, no-store")
                #expect(zip.headers[.contentDisposition]?.contains(".zip") == true)
                let entries = try await Self.entries(ofZIP: Data(buffer: zip.body), in: environment.root)
                #expect(Set(entries.values) == [priority.sha256, teaching.sha256])
                #expect(entries.keys.allSatisfy { $0.hasSuffix(".pdf") && !$0.contains("/") })

                // Every ready copy of the component the caller may see: a teacher sees only the teaching copy.
                let component = #"{"series": "2026-06", "component": "\#(target.component.code)"}"#
                #expect(try await client.call(.post, "/api/v1/bundles", token: officer, json: component).object["count"] as? Int == 2)
                let teachers = try await client.call(.post, "/api/v1/bundles", token: teacher, json: component)
                #expect(try teachers.object["requests"] as? [String] == [teaching.requestID])

                // Another centre's requests are not there to be chosen.
                let stolen = try await client.call(.post, "/api/v1/bundles", token: otherOfficer, json: #"{"requests": ["\#(priority.requestID)"]}"#)
                #expect(stolen.status == .notFound)
                #expect(stolen.errorCode == "bundle.not_downloadable")
                #expect(try await client.call(.post, "/api/v1/bundles", token: officer, json: #"{"requests": []}"#).errorCode == "bundle.empty")
                #expect(try await client.call(.post, "/api/v1/bundles", token: officer, json: "{}").errorCode == "bundle.bad_selection")

                // A bundle's token opens nothing else, and a copy's token opens no bundle.
                var tampered = try #require(Base64URL.decode(String(path.dropFirst(3))))
                tampered[40] ^= 4
                #expect(try await client.call(.get, "/z/\(Base64URL.encode(tampered))").status == .forbidden)
                #expect(try await client.call(.get, "/z/\(priority.token)").status == .forbidden)
                #expect(try await client.call(.get, "/d/\(path.dropFirst(3))").status == .forbidden)

                // Withdrawing the centre's links withdraws its bundles.
                let centre = environment.credentials.centres[0].number
                #expect(try await client.call(.post, "/api/v1/centres/\(centre)/revoke-links", token: officer).status == .noContent)
                let gone = try await client.call(.get, path)
                #expect(gone.status == .gone)
                #expect(gone.errorCode == "link.revoked")
                #expect(Data(buffer: gone.body).range(of: Data("%PDF".utf8)) == nil)
            }
        }
    }

    /// The `/z/` path of a new bundle of `requests`, made by the first centre's exams officer.
    static func bundlePath(of requests: [String], client: some TestClientProtocol, in environment: TestEnvironment) async throws -> String {
        let ids = requests.map { "\"\($0)\"" }.joined(separator: ", ")
        let made = try await client.call(
            .post,
            "/api/v1/bundles",
            token: environment.credentials.centres[0].examsOfficerToken,
            json: #"{"requests": [\#(ids)]}"#
        )
        #expect(made.status == .created, "\(String(buffer: made.body))")
        let url = try #require(try made.object["url"] as? String)
        return try #require(url.range(of: "/z/").map { String(url[$0.lowerBound...]) })
    }

    @Test func aBundleCountsAgainstEachCopysAllowance() async throws {
        try await TestEnvironment.with(workers: 1, settings: ["SCRIPTDESK_LINK_DOWNLOADS": "2"]) { environment in
            try await environment.application().test(.live) { client in
                let port = try #require(client.port)
                let first = try await client.readyDownload(in: environment)
                let second = try await client.readyDownload(in: environment, kind: "non-priority")
                let links = DownloadLinks()
                func reserved(_ link: String) async throws -> Int64 {
                    try await environment.runtime.database.read { try await links.reservedBytes(through: link, on: $0) }
                }

                // The first copy goes once through its own link, leaving one download.
                #expect(try await client.call(.get, first.path).status == .ok)
                let path = try await Self.bundlePath(of: [first.requestID], client: client, in: environment)
                // HEAD sends nothing and reserves nothing.
                #expect(try await client.call(.head, path).status == .ok)
                #expect(try await reserved(first.linkID) == Int64(first.bytes))

                // Twenty bundle downloads at once: one goes, the others are refused whole.
                let answers = try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<20 {
                        group.addTask { try await RawConnection(port: port).fetch(path).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.filter { $0 == "HTTP/1.1 200 OK" }.count == 1, "\(answers)")
                #expect(answers.filter { $0 == "HTTP/1.1 410 Gone" }.count == 19, "\(answers)")
                try await until("the bundle's download is recorded", within: .seconds(30)) {
                    try await reserved(first.linkID) == Int64(2 * first.bytes)
                }
                // The copy's own link is used up too.
                DownloadLinkTests.expectRefused(try await client.call(.get, first.path), .gone, code: "link.allowance_used", "copy after bundle")

                // A bundle with one used-up copy is refused, naming it, and reserves nothing of the other.
                let both = try await Self.bundlePath(of: [first.requestID, second.requestID], client: client, in: environment)
                let refused = try await client.call(.get, both)
                DownloadLinkTests.expectRefused(refused, .gone, code: "link.allowance_used", "bundle with a used copy")
                #expect(String(buffer: refused.body).contains(first.requestID))
                #expect(try await reserved(second.linkID) == 0)
                // The other copy alone still goes, twice, and then no more.
                let alone = try await Self.bundlePath(of: [second.requestID], client: client, in: environment)
                #expect(try await client.call(.get, alone).status == .ok)
                #expect(try await client.call(.get, second.path).status == .ok)
                DownloadLinkTests.expectRefused(try await client.call(.get, alone), .gone, code: "link.allowance_used", "third download in a bundle")
                try await until("every download is recorded", within: .seconds(30)) {
                    try await reserved(second.linkID) == Int64(2 * second.bytes)
                }
            }
        }
    }

    @Test func aBundleCutShortGivesBackWhatItDidNotSend() async throws {
        try await TestEnvironment.with(workers: 1, settings: ["SCRIPTDESK_LINK_DOWNLOADS": "1"]) { environment in
            try await environment.application().test(.live) { client in
                let first = try await client.readyDownload(in: environment)
                let second = try await client.readyDownload(in: environment, kind: "non-priority")
                let path = try await Self.bundlePath(of: [first.requestID, second.requestID], client: client, in: environment)
                let downloads = environment.runtime.downloads
                let links = DownloadLinks()
                func reserved(_ link: String) async throws -> Int64 {
                    try await environment.runtime.database.read { try await links.reservedBytes(through: link, on: $0) }
                }
                // Both copies reserved; the ZIP broke after 100 bytes of the first.
                let ticket = try await downloads.reserve(for: try await downloads.openBundle(token: String(path.dropFirst(3)), from: "192.0.2.7"))
                #expect(try await reserved(first.linkID) == Int64(first.bytes))
                #expect(try await reserved(second.linkID) == Int64(second.bytes))
                try await downloads.record(ticket, bytes: 180, sent: [first.requestID: 100], complete: false)
                await downloads.recorded()
                #expect(try await reserved(first.linkID) == 100)
                #expect(try await reserved(second.linkID) == 0)
                // What is left of each allowance still goes.
                #expect(try await client.call(.get, second.path).status == .ok)
                #expect(try await client.execute(uri: first.path, method: .get, headers: [.range: "bytes=100-"]).status == .partialContent)
            }
        }
    }
}
