import Testing

@testable import ScriptDeskTransfer

/// Reading response heads and URLs as the fetcher sees them.
@Suite struct ResponseHeadTests {
    @Test func aPartialResponseHeadIsRead() {
        var head = ResponseHead()
        for line in [
            "HTTP/1.1 100 Continue\r\n", "\r\n", "HTTP/1.1 206 Partial Content\r\n", "ETag: \"abc\"\r\n",
            "Content-Range: bytes 100-999/1000\r\n", "Content-Length: 900\r\n", "\r\n",
        ] {
            head.read(line)
        }
        #expect(head.status == 206)
        #expect(head.isComplete)
        #expect(head.strongETag == "\"abc\"")
        #expect(head.contentRange == ContentRange("bytes 100-999/1000"))
        #expect(head.contentRange?.first == 100)
        #expect(head.contentLength == 900)
    }

    @Test func weakTagsAndOddRangesAreIgnored() {
        var head = ResponseHead()
        head.read("HTTP/2 200\r\n")
        head.read("etag: W/\"abc\"\r\n")
        #expect(head.status == 200)
        #expect(head.strongETag == nil)
        #expect(ContentRange("bytes */1000") == nil)
        #expect(ContentRange("bytes 5-1/10") == nil)
        #expect(ContentRange("bytes 0-9/*")?.total == nil)
    }

    @Test func urlsAreRedactedForMessages() throws {
        let url = try TransferURL("HTTPS://user:pw@archive.example:8443/a/b?sig=1#f")
        #expect(url.scheme == "https")
        #expect(try TransferURL("http://Archive.Example./").host == "archive.example")
        #expect(url.redacted == "https://archive.example:8443/a/b")
        #expect(TransferURL.redact("not a url://u:p@h/x?q") == "not a url://h/x")
        #expect(try TransferURL("http://[::1]:80/").host == "::1")
    }
}
