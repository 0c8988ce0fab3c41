import Foundation
import ScriptDeskTransfer
import Testing

@testable import ScriptDeskDelivery

/// What every download area does, on the local folder and on a real S3-compatible store.
@Suite struct DownloadAreaConformanceTests {
    @Test(arguments: AreaBackend.allCases)
    func publishingIsContentAddressedAndRepeatable(backend: AreaBackend) async throws {
        let fixture = try AreaFixture(backend)
        defer { fixture.removeFolder() }
        let content = AreaFixture.randomBytes(10_000)
        let (path, sha) = try fixture.source(content)
        let first = try await fixture.area.publish(fileAt: path, sha256: sha)
        let second = try await fixture.area.publish(fileAt: path, sha256: sha)
        #expect(first == second)
        #expect(first == StoredObject(objectID: "\(sha).pdf", byteCount: Int64(content.count)))
        let thumbnail = try await fixture.area.publish(fileAt: path, sha256: sha, as: .png)
        #expect(thumbnail.objectID == "\(sha).png")
        switch fixture.area {
        case let local as LocalDownloadArea:
            #expect(try local.localPath(of: first.objectID) == "\(fixture.folder)/published/\(sha.prefix(2))/\(sha).pdf")
        case let s3 as S3DownloadArea:
            let key = try s3.key(of: first.objectID)
            #expect(key == "\(s3.configuration.keyPrefix)\(sha.prefix(2))/\(sha).pdf")
            #expect(try await ObjectStoreClient(configuration: s3.configuration.store).head(key: key) == Int64(content.count))
        default:
            Issue.record("no key check for \(type(of: fixture.area))")
        }
        try await fixture.area.remove(first.objectID)
        try await fixture.area.remove(thumbnail.objectID)
    }

    @Test(arguments: AreaBackend.allCases)
    func bytesReadBackAreIdentical(backend: AreaBackend) async throws {
        let fixture = try AreaFixture(backend)
        defer { fixture.removeFolder() }
        let content = AreaFixture.randomBytes(3 << 20 + 17)
        let (path, sha) = try fixture.source(content)
        let stored = try await fixture.area.publish(fileAt: path, sha256: sha)
        let local = try await fixture.area.withLocalFile(of: stored.objectID) { file in
            #expect(FileManager.default.contents(atPath: file) == content)
            return file
        }
        if backend == .s3 {
            #expect(!FileManager.default.fileExists(atPath: local), "the temporary copy is removed")
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(fixture.folder)/scratch").isEmpty)
        }
        try await fixture.area.remove(stored.objectID)
    }

    @Test(arguments: AreaBackend.allCases)
    func containsFollowsPublishAndRemove(backend: AreaBackend) async throws {
        let fixture = try AreaFixture(backend)
        defer { fixture.removeFolder() }
        let (path, sha) = try fixture.source(AreaFixture.randomBytes(2_048))
        let objectID = "\(sha).pdf"
        #expect(try await !fixture.area.contains(objectID))
        _ = try await fixture.area.publish(fileAt: path, sha256: sha)
        #expect(try await fixture.area.contains(objectID))
        try await fixture.area.remove(objectID)
        #expect(try await !fixture.area.contains(objectID))
        try await fixture.area.remove(objectID)
        await #expect(throws: DownloadAreaError.missing(objectID)) {
            try await fixture.area.withLocalFile(of: objectID) { _ in () }
        }
    }

    /// On S3 the area points at a port nothing listens on: any request would fail with
    /// another error than `invalidObjectID`.
    @Test(
        arguments: AreaBackend.allCases,
        ["../../etc/passwd", "ab.pdf", String(repeating: "g", count: 64) + ".pdf", String(repeating: "A", count: 64) + ".pdf"]
    )
    func invalidObjectIDsAreRefusedWithoutARequest(backend: AreaBackend, objectID: String) async throws {
        let unreachable = try ObjectStoreConfiguration(endpoint: "http://127.0.0.1:9", bucket: "nothing-here", accessKeyID: "a", secretAccessKey: "s")
        let fixture = try AreaFixture(backend, store: unreachable)
        defer { fixture.removeFolder() }
        let refusal = DownloadAreaError.invalidObjectID(objectID)
        #expect(try await !fixture.area.contains(objectID))
        await #expect(throws: refusal) { try await fixture.area.delivery(of: objectID, fileName: "copy.pdf", now: Date()) }
        await #expect(throws: refusal) { try await fixture.area.withLocalFile(of: objectID) { _ in () } }
        await #expect(throws: refusal) { try await fixture.area.remove(objectID) }
        let (path, _) = try fixture.source(Data("%PDF".utf8))
        let sha = String(objectID.dropLast(4))
        await #expect(throws: DownloadAreaError.invalidObjectID("\(sha).pdf")) { try await fixture.area.publish(fileAt: path, sha256: sha) }
    }

    @Test(arguments: AreaBackend.allCases)
    func aPublishThatFailsLeavesNothing(backend: AreaBackend) async throws {
        let fixture = try AreaFixture(backend)
        defer { fixture.removeFolder() }
        let sha = ContentHash.sha256(AreaFixture.randomBytes(64))
        await #expect {
            try await fixture.area.publish(fileAt: "\(fixture.folder)/missing.pdf", sha256: sha)
        } throws: { error in
            guard case .io(_, let path, let errno) = error as? DownloadAreaError else { return false }
            return path.hasSuffix("missing.pdf") && errno == ENOENT
        }
        #expect(try await !fixture.area.contains("\(sha).pdf"))
    }

    @Test(arguments: AreaBackend.allCases)
    func deliveryIsALocalFileOrAShortLivedRedirect(backend: AreaBackend) async throws {
        let fixture = try AreaFixture(backend)
        defer { fixture.removeFolder() }
        let (path, sha) = try fixture.source(AreaFixture.randomBytes(512))
        let stored = try await fixture.area.publish(fileAt: path, sha256: sha)
        switch (backend, try await fixture.area.delivery(of: stored.objectID, fileName: "copy.pdf", now: Date())) {
        case (.local, .localFile(let file, let key)):
            #expect(key == "\(sha.prefix(2))/\(sha).pdf")
            #expect(FileManager.default.fileExists(atPath: file))
        case (.s3, .redirect(let url)):
            #expect(url.contains("X-Amz-Expires=60&"))
            #expect(url.contains("X-Amz-SignedHeaders=host&"))
        case (_, let delivery):
            Issue.record("\(backend) delivered \(delivery)")
        }
        try await fixture.area.remove(stored.objectID)
    }

    /// The listing the daily retention job sweeps: every object of the area written before the
    /// date, each once, page after page (pages of two keys on S3, a key folder each locally),
    /// and nothing that is not one of the area's objects: not a stray file beside them, nor
    /// on S3 an object under another prefix.
    @Test(arguments: AreaBackend.allCases)
    func listingFindsEveryObjectOfTheAreaWrittenBeforeADate(backend: AreaBackend) async throws {
        let fixture = try AreaFixture(backend)
        defer { fixture.removeFolder() }
        var area = fixture.area
        var published: [String] = []
        for (index, kind) in [StoredObjectKind.pdf, .png, .pdf, .pdf, .png].enumerated() {
            let (path, sha) = try fixture.source(AreaFixture.randomBytes(256), named: "object-\(index)")
            published.append(try await area.publish(fileAt: path, sha256: sha, as: kind).objectID)
        }
        let stray = String(repeating: "ab", count: 32)
        var strays: [(client: ObjectStoreClient, key: String)] = []
        switch area {
        case let local as LocalDownloadArea:
            for name in ["ab/notes.txt", "ab/\(stray).txt", "cd/\(stray).pdf", "\(stray).pdf"] {
                let file = URL(fileURLWithPath: "\(local.root)/\(name)")
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("not an object".utf8).write(to: file)
            }
        case var s3 as S3DownloadArea:
            s3.listingPageSize = 2
            area = s3
            let client = ObjectStoreClient(configuration: s3.configuration.store)
            let (path, sha) = try fixture.source(Data("not an object".utf8), named: "stray")
            // Beside the objects, and an object of an area whose prefix begins with this one's.
            let prefix = s3.configuration.keyPrefix
            let sibling = String(prefix.dropLast()) + "-sibling/"
            for key in ["\(prefix)ab/notes.txt", "\(prefix)cd/\(stray).pdf", "\(prefix)\(stray).pdf", "\(sibling)\(sha.prefix(2))/\(sha).pdf"] {
                try await client.put(file: path, key: key, contentType: "text/plain", sha256: sha)
                strays.append((client, key))
            }
        default:
            Issue.record("no strays for \(type(of: area))")
        }

        var listed: [String] = []
        var pages = 0
        for try await page in area.objects(writtenBefore: Date().addingTimeInterval(120)) {
            #expect(!page.isEmpty)
            listed += page
            pages += 1
        }
        #expect(listed.sorted() == published.sorted())
        #expect(pages >= 3)
        var older: [String] = []
        for try await page in area.objects(writtenBefore: Date().addingTimeInterval(-3_600)) { older += page }
        #expect(older.isEmpty)

        for objectID in published { try await area.remove(objectID) }
        for stray in strays { try await stray.client.delete(key: stray.key) }
    }
}
