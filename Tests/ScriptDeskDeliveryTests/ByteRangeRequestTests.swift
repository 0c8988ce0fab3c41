import Testing

@testable import ScriptDeskDelivery

@Suite struct ByteRangeRequestTests {
    static let etag = "\"abc123\""

    @Test(arguments: [
        ("bytes=0-9", ByteRangeRequest.part(0...9)),
        ("bytes=90-", .part(90...99)),
        ("bytes=90-200", .part(90...99)),
        ("bytes=-10", .part(90...99)),
        ("bytes=-200", .part(0...99)),
        ("bytes=-0", .unsatisfiable),
        ("bytes=100-", .unsatisfiable),
        ("bytes=999999-", .unsatisfiable),
        ("bytes=99999999999999999999999-", .unsatisfiable),
        ("bytes=5-2", .whole),
        ("bytes=0-1,5-6", .whole),
        ("bytes=0-1,0-50", .whole),
        ("items=0-9", .whole),
        ("bytes=abc", .whole),
        ("bytes=-", .whole),
        ("bytes= 3-4 ", .part(3...4)),
    ])
    func rangesAreReadAsRFC9110Says(header: String, expected: ByteRangeRequest) {
        #expect(ByteRangeRequest(header: header, length: 100, strongETag: Self.etag) == expected)
    }

    @Test func noHeaderMeansTheWholeFile() {
        #expect(ByteRangeRequest(header: nil, length: 100, strongETag: Self.etag) == .whole)
    }

    @Test func ifRangeHonoursOnlyTheSameStrongValidator() {
        let range = "bytes=10-19"
        #expect(ByteRangeRequest(header: range, length: 100, ifRange: Self.etag, strongETag: Self.etag) == .part(10...19))
        #expect(ByteRangeRequest(header: range, length: 100, ifRange: "W/\"abc123\"", strongETag: Self.etag) == .whole)
        #expect(ByteRangeRequest(header: range, length: 100, ifRange: "\"other\"", strongETag: Self.etag) == .whole)
        #expect(ByteRangeRequest(header: range, length: 100, ifRange: "Mon, 30 Nov 2026 04:00:00 GMT", strongETag: Self.etag) == .whole)
    }
}
