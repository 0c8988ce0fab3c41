import Foundation
import Testing

@testable import ScriptDeskCore

@Suite struct IdentifierTests {
    @Test(arguments: ["12345", "00000"]) func centreNumbersAreFiveDigits(text: String) {
        #expect(CentreNumber(text)?.rawValue == text)
    }

    @Test(arguments: ["1234", "123456", "1234a", "", "１２３４５", " 1234"]) func otherCentreNumbersAreRefused(text: String) {
        #expect(CentreNumber(text) == nil)
    }

    @Test(arguments: ["0001", "9999"]) func candidateNumbersAreFourDigits(text: String) {
        #expect(CandidateNumber(text)?.rawValue == text)
    }

    @Test(arguments: ["001", "00001", "abcd", "12.4"]) func otherCandidateNumbersAreRefused(text: String) {
        #expect(CandidateNumber(text) == nil)
    }

    @Test func seriesCodesAreYearAndMonth() {
        #expect(Series.isValidCode("2026-06"))
        #expect(!Series.isValidCode("2026-6"))
        #expect(!Series.isValidCode("2026/06"))
        #expect(!Series.isValidCode("June"))
    }

    @Test func anonymisedFileNamesCarryNoCandidateNumberNorRequestID() {
        let consent = ConsentRecord(candidateAgreed: true, obtainedAt: Date(), identify: false)
        let request = ScriptRequest(
            id: "0b9f3c2e-0000-0000-0000-000000000000",
            series: "2026-06",
            centre: CentreNumber("12345")!,
            candidate: CandidateNumber("0007")!,
            component: "J560/01",
            kind: .nonPriority,
            consent: consent,
            requestedBy: "eo",
            status: .queued,
            createdAt: Date(),
            updatedAt: Date()
        )
        let anonymous = CopyFileName.make(for: request, anonymousReference: "ANON-7K3M9Q-2XWZ4B")
        #expect(!anonymous.contains("0007"))
        #expect(!anonymous.contains("0b9f3c2e"))
        #expect(anonymous == "2026-06_J560-01_12345_ANON-7K3M9Q-2XWZ4B_teaching.pdf")
        var identified = request
        identified.consent.identify = true
        #expect(CopyFileName.make(for: identified, anonymousReference: nil) == "2026-06_J560-01_12345_0007_teaching.pdf")
    }

    @Test func anonymousReferencesAreRandomAndReadable() {
        var random = SystemRandomNumberGenerator()
        let references = (0..<1_000).map { _ in AnonymousReference.make(using: &random) }
        #expect(Set(references).count == references.count)
        let shape = /ANON-[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]{6}/
        #expect(references.allSatisfy { $0.wholeMatch(of: shape) != nil })
    }

    @Test func isoTimesRoundTripInUTC() throws {
        let date = try #require(ISO8601.date(from: "2026-08-20T09:30:00+01:00"))
        #expect(ISO8601.string(from: date) == "2026-08-20T08:30:00Z")
        #expect(ISO8601.date(from: "2026-08-20T09:30:00.250Z") != nil)
        #expect(ISO8601.date(from: "20 August") == nil)
    }
}
