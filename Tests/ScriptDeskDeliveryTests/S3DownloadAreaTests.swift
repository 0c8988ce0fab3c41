import Foundation
import ScriptDeskTransfer
import Testing

@testable import ScriptDeskDelivery

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What only the object store backend does, against the SeaweedFS that `scripts/test` starts.
@Suite struct S3DownloadAreaTests {
    /// Fetches `url` as a browser following the redirect would: a plain GET, no credentials.
    static func plainGET(_ url: String) async throws -> (status: Int, headers: [String: String], body: Data) {
        let (body, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return (http.statusCode, headers, body)
    }

    static func published(_ fixture: AreaFixture, bytes: Int = 40_000) async throws -> (StoredObject, Data) {
        let content = AreaFixture.randomBytes(bytes)
        let (path, sha) = try fixture.source(content)
        return (try await fixture.area.publish(fileAt: path, sha256: sha), content)
    }

    static func redirectURL(_ delivery: StoredObjectDelivery) throws -> String {
        guard case .redirect(let url) = delivery else { throw DeliveryNotARedirect() }
        return url
    }

    struct DeliveryNotARedirect: Error {}

    @Test func thePresignedRedirectServesTheBytesWithTheirHeaders() async throws {
        let fixture = try AreaFixture(.s3)
        defer { fixture.removeFolder() }
        let (stored, content) = try await Self.published(fixture)
        let fileName = "Zoë's priority copy; H240-01.pdf"
        let url = try Self.redirectURL(try await fixture.area.delivery(of: stored.objectID, fileName: fileName, now: Date()))
        let answer = try await Self.plainGET(url)
        #expect(answer.status == 200)
        #expect(answer.body == content)
        #expect(answer.headers["content-disposition"] == ContentDisposition.attachment(fileName: fileName))
        #expect(answer.headers["cache-control"] == "no-store")
        #expect(answer.headers["content-type"] == "application/pdf")
        try await fixture.area.remove(stored.objectID)
    }

    @Test func anExpiredPresignIsRefusedByTheStore() async throws {
        let fixture = try AreaFixture(.s3)
        defer { fixture.removeFolder() }
        let (stored, _) = try await Self.published(fixture)
        let signedEarlier = Date().addingTimeInterval(-120)
        let url = try Self.redirectURL(try await fixture.area.delivery(of: stored.objectID, fileName: "copy.pdf", now: signedEarlier))
        let answer = try await Self.plainGET(url)
        #expect(answer.status == 403)
        #expect(!answer.body.contains(Data("%PDF".utf8)))
        try await fixture.area.remove(stored.objectID)
    }

    @Test func aTamperedPresignIsRefusedByTheStore() async throws {
        let fixture = try AreaFixture(.s3)
        defer { fixture.removeFolder() }
        let (stored, content) = try await Self.published(fixture)
        let url = try Self.redirectURL(try await fixture.area.delivery(of: stored.objectID, fileName: "copy.pdf", now: Date()))
        let last = url.last == "0" ? "1" : "0"
        let tamperedSignature = String(url.dropLast()) + last
        let otherName = url.replacingOccurrences(of: "copy.pdf", with: "copz.pdf")
        for tampered in [tamperedSignature, otherName] {
            let answer = try await Self.plainGET(tampered)
            #expect(answer.status == 403)
            #expect(answer.body != content)
        }
        try await fixture.area.remove(stored.objectID)
    }

    @Test(arguments: [(nil, "not-the-secret"), ("no-such-access-key", nil)] as [(String?, String?)])
    func wrongCredentialsGiveATypedError(accessKeyID: String?, secretAccessKey: String?) async throws {
        let wrong = try TestObjectStore.configuration(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey)
        let fixture = try AreaFixture(.s3, store: wrong)
        defer { fixture.removeFolder() }
        let (path, sha) = try fixture.source(AreaFixture.randomBytes(100))
        let realSecret = try TestObjectStore.configuration().secretAccessKey
        await #expect {
            try await fixture.area.publish(fileAt: path, sha256: sha)
        } throws: { error in
            guard let error = error as? DownloadAreaError, case .objectStoreDenied(_, let key, let status, _) = error else { return false }
            return status == 403 && key.hasSuffix("\(sha).pdf") && error.code == "delivery.object_store_denied" && !error.isTransient
                && !error.message.contains(realSecret) && !error.message.contains("not-the-secret")
                && error.message.contains("secret access key")
        }
    }

    @Test func anUnreachableStoreIsATransientError() async throws {
        let closed = try ObjectStoreConfiguration(endpoint: "http://127.0.0.1:9", bucket: "scripts", accessKeyID: "a", secretAccessKey: "s")
        let fixture = try AreaFixture(.s3, store: closed)
        defer { fixture.removeFolder() }
        await #expect {
            try await fixture.area.contains(String(repeating: "a", count: 64) + ".pdf")
        } throws: { error in
            guard let error = error as? DownloadAreaError, case .objectStore(_, _, let status, _) = error else { return false }
            return status == 0 && error.isTransient
        }
    }

    @Test func aBodyThatDoesNotMatchItsHashIsNotStored() async throws {
        let fixture = try AreaFixture(.s3)
        defer { fixture.removeFolder() }
        let (path, _) = try fixture.source(AreaFixture.randomBytes(5_000))
        let claimed = ContentHash.sha256(AreaFixture.randomBytes(16))
        await #expect(throws: DownloadAreaError.contentMismatch(path: path, sha256: claimed)) {
            try await fixture.area.publish(fileAt: path, sha256: claimed)
        }
        #expect(try await !fixture.area.contains("\(claimed).pdf"))
    }
}
