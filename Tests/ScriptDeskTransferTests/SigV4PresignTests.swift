import Foundation
import Testing

@testable import ScriptDeskTransfer

@Suite struct SigV4PresignTests {
    /// The presigned GET of the AWS SigV4 documentation ("examplebucket/test.txt").
    @Test func presignedURLMatchesTheAWSDocumentationExample() throws {
        let store = try ObjectStoreConfiguration(
            endpoint: "https://s3.amazonaws.com",
            bucket: "examplebucket",
            accessKeyID: "AKIAIOSFODNN7EXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            pathStyle: false
        )
        let url = ObjectStoreClient(configuration: store).presignedURL(
            method: "GET",
            key: "test.txt",
            query: [:],
            lifetime: 86_400,
            now: Date(timeIntervalSince1970: 1_369_353_600)
        )
        #expect(
            url == "https://examplebucket.s3.amazonaws.com/test.txt"
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        )
    }

    @Test func encodingKeepsOnlyUnreservedCharacters() {
        #expect(SigV4.encode("AZaz09-_.~") == "AZaz09-_.~")
        #expect(SigV4.encode("a b/c*d+e=f&é") == "a%20b%2Fc%2Ad%2Be%3Df%26%C3%A9")
        #expect(SigV4.encode("scripts/ab/x y.pdf", keepingSlashes: true) == "scripts/ab/x%20y.pdf")
        #expect(SigV4.encode("%2F") == "%252F")
    }

    @Test func timestampsAreUTC() {
        let stamps = SigV4.timestamps(Date(timeIntervalSince1970: 1_700_000_000.9))
        #expect(stamps.day == "20231114")
        #expect(stamps.stamp == "20231114T221320Z")
    }

    @Test func presignedGETsLastAtMostAMinuteAndSignTheirQuery() throws {
        let store = try ObjectStoreConfiguration(
            endpoint: "http://127.0.0.1:8333",
            bucket: "scripts",
            accessKeyID: "access",
            secretAccessKey: "secret"
        )
        let client = ObjectStoreClient(configuration: store)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let url = client.presignedGET(key: "ab/x.pdf", query: ["response-cache-control": "no-store"], lifetime: 3_600, now: now)
        #expect(url.hasPrefix("http://127.0.0.1:8333/scripts/ab/x.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
        #expect(url.contains("&X-Amz-Expires=60&"))
        #expect(url.contains("&response-cache-control=no-store&"))
        let other = client.presignedGET(key: "ab/x.pdf", query: ["response-cache-control": "max-age=60"], lifetime: 60, now: now)
        #expect(url.suffix(64) != other.suffix(64), "the added parameters are signed")
        #expect(!url.contains("secret"))
    }
}
