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
}
