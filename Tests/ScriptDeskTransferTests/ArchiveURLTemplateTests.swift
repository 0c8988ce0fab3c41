import Testing

@testable import ScriptDeskTransfer

/// Archive URL templates: parsing, and values kept inside their path segment.
@Suite struct ArchiveURLTemplateTests {
    static let https = "https://archive.example/{series}/{component}/{centre}/{candidate}/"

    @Test func valuesFillTheirPlaceholders() throws {
        let template = try ArchiveURLTemplate(Self.https)
        #expect(template.fields == Set(ArchiveURLTemplate.Field.allCases))
        let url = try template.url(series: "2026-june", component: "9709_12", centre: "GB042", candidate: "0007")
        #expect(url == "https://archive.example/2026-june/9709_12/GB042/0007/")
        let local = try ArchiveURLTemplate("file:///srv/archive/{series}/{centre}-{candidate}/")
        #expect(try local.url(series: "s", component: "unused", centre: "c", candidate: "7") == "file:///srv/archive/s/c-7/")
    }

    @Test func valuesCannotLeaveTheirSegment() throws {
        let template = try ArchiveURLTemplate(Self.https)
        let url = try template.url(series: "../../etc", component: "a/b", centre: "x?y#z", candidate: "é %")
        #expect(url == "https://archive.example/..%2F..%2Fetc/a%2Fb/x%3Fy%23z/%C3%A9%20%25/")
    }

    @Test(arguments: ["", ".", ".."])
    func dotSegmentsAndEmptyValuesAreRefused(value: String) throws {
        let template = try ArchiveURLTemplate(Self.https)
        let error = try #require(throws: TransferConfigurationError.self) {
            try template.url(series: "s", component: "c", centre: value, candidate: "1")
        }
        #expect(error.code == "transfer.config.invalid_value")
    }

    /// libcurl decodes a file:// path before opening it, so `%2F` would become a separator there.
    @Test func aFileTemplateRefusesSeparatorsInValues() throws {
        let template = try ArchiveURLTemplate("file:///srv/archive/{series}/{component}/{centre}/{candidate}/")
        #expect(throws: TransferConfigurationError.self) {
            try template.url(series: "../../etc", component: "c", centre: "x", candidate: "1")
        }
    }

    @Test(arguments: [
        "https://archive.example/{series}/{paper}/", "https://archive.example/{series/", "https://archive.example/series}/",
        "https://archive.example/{{series}}/", "https://archive.example/{}/", "https://{centre}.archive.example/{series}/",
        "archive.example/{series}/", "/srv/archive/{series}/",
    ])
    func malformedTemplatesAreRefused(text: String) throws {
        let error = try #require(throws: TransferConfigurationError.self) { try ArchiveURLTemplate(text) }
        #expect(error.code == "transfer.config.invalid_template")
        #expect(!error.message.isEmpty)
    }
}
