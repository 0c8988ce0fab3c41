import CCurl
import CCurlShim
import Testing

@testable import ScriptDeskTransfer

/// How libcurl's results and HTTP statuses become classified errors for the job queue.
@Suite struct TransferErrorTests {
    static let url = try! TransferURL("https://reader:pw@archive.example/s/page.jpg?sig=abc")

    @Test(arguments: [
        (CURLE_PEER_FAILED_VERIFICATION, "transfer.tls", false), (CURLE_SSL_CACERT_BADFILE, "transfer.tls", false),
        (CURLE_OPERATION_TIMEDOUT, "transfer.timeout", true), (CURLE_COULDNT_RESOLVE_HOST, "transfer.dns", true),
        (CURLE_COULDNT_CONNECT, "transfer.network", true), (CURLE_RECV_ERROR, "transfer.network", true),
        (CURLE_PARTIAL_FILE, "transfer.short_body", true), (CURLE_GOT_NOTHING, "transfer.short_body", true),
        (CURLE_FILESIZE_EXCEEDED, "transfer.too_large", false), (CURLE_FILE_COULDNT_READ_FILE, "transfer.not_found", false),
    ])
    func curlResultsAreClassified(result: CURLcode, code: String, transient: Bool) {
        let error = TransferError(curl: result, url: Self.url, received: 10, expected: 20, limit: 100)
        #expect(error.code == code)
        #expect(error.isTransient == transient)
        #expect(!error.message.contains("pw"))
        #expect(!error.message.contains("sig=abc"))
        #expect(error.message.contains("https://archive.example/s/page.jpg"))
    }

    @Test func everyCodeIsStableAndEveryMessageASentence() {
        let errors: [TransferError] = [
            .notFound(url: "u"), .httpStatus(503, url: "u"), .httpStatus(401, url: "u"), .tooLarge(limit: 1, url: "u"),
            .notAllowed(url: "u", reason: "r"), .downgrade(url: "u", target: "t"), .sizeMismatch(expected: 1, url: "u"),
            .checksumMismatch(expected: "a", actual: "b", url: "u"),
            .shortBody(received: 1, expected: nil, url: "u"), .timeout(url: "u"), .unresolved(host: "h", url: "u"),
            .network(code: 7, message: "m", url: "u"), .tls(message: "m", url: "u"), .invalidURL(url: "u"), .localIO(path: "p", errno: 28),
        ]
        #expect(Set(errors.map(\.code)).count == errors.count - 1)
        #expect(errors.allSatisfy { $0.code.hasPrefix("transfer.") && $0.message.hasSuffix(".") })
        #expect(
            errors.filter(\.isTransient).map(\.code) == [
                "transfer.http_status", "transfer.short_body", "transfer.timeout", "transfer.dns", "transfer.network", "transfer.local_io",
            ]
        )
    }
}
