import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServer
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

/// A revised result says so, in the results API and on the results page, beside its
/// component's kind; results never revised do not.
@Suite struct ResultRevisionTests {
    @Test func theDemoBoardsGradesComeFromItsStoredBoundaries() async throws {
        try await TestEnvironment.with { environment in
            try await environment.runtime.database.read { db in
                let reference = ReferenceData()
                for centre in environment.credentials.centres {
                    let listing = try await reference.results(series: "2026-06", centre: CentreNumber(centre.number)!, page: Page(limit: 500), on: db)
                    #expect(!listing.items.isEmpty)
                    for item in listing.items {
                        let boundaries = try #require(try await ResultHistory().boundaries(series: "2026-06", component: item.component.code, on: db))
                        if let mark = item.result.mark { #expect(item.result.grade == boundaries.grade(for: mark), "\(item.result)") }
                    }
                }
            }
        }
    }

    @Test func theResultsAPIAndPageShowTheComponentsKindAndWhetherAResultWasRevised() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let centre = environment.credentials.centres[0]
            let listing = try await environment.runtime.database.read { db in
                try await ReferenceData().results(series: "2026-06", centre: CentreNumber(centre.number)!, page: Page(limit: 500), on: db)
            }
            // The demo's own decided enquiry has revised one result already.
            let seeded = listing.items.filter { $0.revisions > 0 }.map { "\($0.result.candidate.rawValue)/\($0.result.component)" }
            let unrevised = listing.items.first(where: { $0.revisions == 0 && $0.result.mark != nil })
            let revised = try #require(unrevised)
            try await environment.runtime.database.transaction { db in
                _ = try await ResultHistory().revise(
                    ResultKey(revised.result),
                    mark: (revised.result.mark ?? 0) + 1,
                    grade: revised.result.grade,
                    reason: "A page was not added up",
                    cause: .enquiry,
                    causeID: nil,
                    at: environment.clock.now,
                    on: db
                )
            }
            try await environment.application().test(.live) { client in
                let answer = try await client.call(.get, "/api/v1/results?series=2026-06&limit=500", token: centre.examsOfficerToken)
                let rows = try #require(try answer.object["items"] as? [[String: Any]])
                func key(_ row: [String: Any]) -> String {
                    "\((row["candidate"] as? [String: Any])?["number"] ?? "")/\((row["component"] as? [String: Any])?["code"] ?? "")"
                }
                let flagged = rows.filter { $0["revised"] as? Bool == true }.map(key)
                #expect(flagged.sorted() == (seeded + ["\(revised.result.candidate.rawValue)/\(revised.result.component)"]).sorted())
                #expect(rows.allSatisfy { $0["revised"] is Bool })
                let kinds = Set(rows.compactMap { ($0["component"] as? [String: Any])?["kind"] as? String })
                #expect(!kinds.isEmpty && kinds.isSubset(of: Set(Component.Kind.allCases.map(\.rawValue))))

                let browser = PortalBrowser(client)
                let officer = try #require(centre.examsOfficer)
                _ = try await browser.signIn(officer.username, officer.password)
                let page = String(buffer: try await browser.get("/results?series=2026-06").body)
                #expect(page.components(separatedBy: ">Revised</strong>").count == 2 + seeded.count, "every revised result on the first page")
            }
        }
    }
}
