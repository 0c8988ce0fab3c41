import Foundation
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskDemo
import ScriptDeskServer
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
}
