import Foundation
import ScriptDeskCore
import ScriptDeskStoreTestSupport

@testable import ScriptDeskStore

/// One centre, candidate, component, result and script.
struct Fixture {
    let centre = Centre(number: CentreNumber("12345")!, name: "Northgate Academy")
    let candidate = Candidate(centre: CentreNumber("12345")!, number: CandidateNumber("0007")!, uci: "12345U260007", name: "Ava Smith")
    let component = Component(code: "H240/01", title: "Pure Mathematics", qualification: .gce, maxMark: 100, kind: .written)
    let series = Series(
        code: "2026-06",
        name: "June 2026",
        calendar: SeriesCalendar(
            resultsDay: StoreTests.now - 86_400,
            priorityScriptDeadline: StoreTests.now + 86_400,
            priorityReviewDeadline: StoreTests.now + 86_400,
            finalEnquiryDeadline: StoreTests.now + 10 * 86_400,
            teachingCopyDeadline: StoreTests.now + 20 * 86_400,
            lateCertificationDeadline: StoreTests.now + 10 * 86_400,
            scriptRetentionEnd: StoreTests.now + 90 * 86_400
        ),
        archiveURLTemplate: "file:///archive/{series}/{component}/{centre}/{candidate}/"
    )
    var result: ComponentResult {
        ComponentResult(
            series: "2026-06",
            centre: centre.number,
            candidate: candidate.number,
            component: component.code,
            mark: 61,
            grade: "B",
            indicators: [.partiallyAbsent],
            specialConsideration: true
        )
    }

    func save(on database: Database) async throws {
        let reference = ReferenceData()
        try await database.transaction { db in
            try await reference.save(centre, on: db)
            try await reference.save(component, on: db)
            try await reference.save(series, on: db)
            try await reference.save(candidate, on: db)
            try await reference.save(result, on: db)
            try await reference.save(
                Script(
                    series: "2026-06",
                    centre: centre.number,
                    candidate: candidate.number,
                    component: component.code,
                    location: "file:///x/",
                    pageCount: 6
                ),
                on: db
            )
            try await Accounts().save(User(id: "eo", name: "EO", role: .examsOfficer, centre: centre.number), on: db)
        }
    }

    func request(kind: ScriptCopyKind) -> ScriptRequest {
        ScriptRequest(
            id: UUID().uuidString.lowercased(),
            series: "2026-06",
            centre: centre.number,
            candidate: candidate.number,
            component: component.code,
            kind: kind,
            consent: ConsentRecord(candidateAgreed: true, obtainedAt: StoreTests.now, identify: true),
            requestedBy: "eo",
            status: .queued,
            createdAt: StoreTests.now,
            updatedAt: StoreTests.now
        )
    }
}
