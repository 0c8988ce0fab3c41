import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskPDF
import ScriptDeskServer
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

/// Late certification through the pages over HTTP: the eligibility table with each
/// refusal in the desk's words and a box only for the eligible, nothing chosen refused by
/// the form, "check your answers" with the fee, a request the desk refuses whole (one
/// candidate refused, none made) brought back to the table with each refused candidate in
/// the error summary, the confirmation, the centre's requests and the candidate's page,
/// withdrawal behind a confirmation, a forged form refused, another centre and a teacher
/// kept out; and a request awarded by the queue while its withdrawal was being confirmed
/// (refused as final, in words), the grade on the centre's pages, and the revised statement
/// of results on the candidate's page beside the first, downloaded through its link.
@Suite struct PortalCertificationTests {
    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The CSRF token, series and subject of the page's forms, and `ticked` candidates.
    static func form(_ page: TestResponse, _ ticked: [String], step: String = "choose") throws -> [String: String] {
        var fields = ["csrf": try PortalBrowser.csrf(in: page), "series": "2026-06", "subject": "J560", "step": step]
        for number in ticked { fields["candidate-\(number)"] = "yes" }
        return fields
    }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func certificationIsChosenFromTheTableCheckedRefusedWholeRequestedAndWithdrawn(database: DatabaseKind) async throws {
        try await TestEnvironment.with(database: database, people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let otherOfficer = try #require(environment.credentials.centres[1].examsOfficer)
            let teacher = try #require(environment.credentials.centres[0].teacher)
            try await CertificationAPITests.seed(environment.centre, in: environment)
            let desk = environment.runtime.certifications
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)
                #expect(Self.text(try await browser.get("/")).contains("href=\"/certifications\""))

                // By default, the series still open to late certification.
                let first = Self.text(try await browser.get("/certification"))
                #expect(first.contains(#"<option value="2026-06" selected>"#) && first.contains("data-eligibility"))

                // The table: every candidate, a box for the eligible, the desk's reason for the others.
                let table = try await browser.get("/certification?series=2026-06&subject=J560")
                #expect(table.status == .ok)
                var html = Self.text(table)
                #expect(html.contains("GCSE Mathematics (J560)") && html.contains("data-eligibility"))
                #expect(html.contains("name=\"candidate-0051\"") && html.contains("Cert 0051"))
                #expect(!html.contains("name=\"candidate-0052\"") && !html.contains("name=\"candidate-0053\""))
                #expect(html.contains(CertificationRefusal.terminalRule(taken: 35, required: 40).message))
                #expect(html.contains(CertificationRefusal.componentsMissing(["J560/02"]).message))
                #expect(html.contains("data-certification-countdown"))

                // Nothing chosen: the form says so, linked to the table.
                let nothing = try await browser.post("/certification", try Self.form(table, []))
                #expect(nothing.status == .unprocessableContent)
                html = Self.text(nothing)
                #expect(html.contains("There is a problem") && html.contains(##"href="#candidates""##))
                #expect(html.contains("Choose at least one eligible candidate"))

                // A form without its token changes nothing.
                var forged = try Self.form(table, ["0051"], step: "check")
                forged["csrf"] = "forged"
                #expect(try await browser.post("/certification", forged).status == .forbidden)

                // Check your answers: the candidate, the subject, the series and the fee.
                let check = try await browser.post("/certification", try Self.form(table, ["0051"]))
                #expect(check.status == .ok)
                html = Self.text(check)
                #expect(html.contains("Check your answers before requesting certification"))
                #expect(html.contains("0051 Cert 0051") && html.contains("GCSE Mathematics (J560)") && html.contains("June 2026"))
                #expect(html.contains("£0.00"))
                #expect(html.contains(#"name="candidate-0051" value="yes""#))
                let changed = try await browser.post(
                    "/certification",
                    try Self.form(check, ["0051"], step: "check").merging(["change": "choose"]) { $1 }
                )
                #expect(Self.text(changed).contains(#"name="candidate-0051" value="yes" checked"#))

                // One candidate refused: none requested, each refusal in the desk's words.
                let mixed = try await browser.post("/certification", try Self.form(check, ["0051", "0052"], step: "check"))
                #expect(mixed.status == .unprocessableContent)
                html = Self.text(mixed)
                #expect(html.contains("1 candidate was refused, so no certification was requested"))
                #expect(html.contains("Candidate 0052: " + CertificationRefusal.terminalRule(taken: 35, required: 40).message))
                #expect(html.contains(##"href="#candidate-0052""##))
                #expect(try await desk.list(page: Page(limit: 10), for: environment.examsOfficer).total == 0)

                // Requested: the confirmation lists it.
                let sent = try await browser.post("/certification", try Self.form(check, ["0051"], step: "check"))
                #expect(sent.status == .ok)
                html = Self.text(sent)
                #expect(html.contains("Certification requested") && html.contains("1 candidate") && html.contains("£0.00"))
                #expect(html.contains("href=\"/candidates/0051?series=2026-06\"") && html.contains("Requested"))
                let made = try await desk.list(page: Page(limit: 10), for: environment.examsOfficer).items
                #expect(made.count == 1 && made.first?.candidate.rawValue == "0051")
                let id = try #require(made.first?.id)

                // Requested meanwhile: the desk refuses the same request again, nothing more made.
                let again = try await browser.post("/certification", try Self.form(check, ["0051"], step: "check"))
                #expect(again.status == .unprocessableContent)
                #expect(Self.text(again).contains("Candidate 0051: " + CertificationRefusal.alreadyCertificated(series: "2026-06").message))
                #expect(try await desk.list(page: Page(limit: 10), for: environment.examsOfficer).total == 1)

                // The centre's requests and the candidate's page.
                html = Self.text(try await browser.get("/certifications"))
                #expect(html.contains("data-certification=\"\(id)\"") && html.contains("/certifications/\(id)/withdraw"))
                #expect(html.contains("GCSE Mathematics (J560)") && html.contains(">Requested<"))
                html = Self.text(try await browser.get("/candidates/0051?series=2026-06"))
                #expect(html.contains("Late certification") && html.contains("data-certifications") && html.contains(">Requested<"))
                #expect(html.contains("Statement of results") && html.contains("being prepared; refresh in a moment"))

                // Another centre sees none of it; a teacher may not ask.
                let other = PortalBrowser(client)
                _ = try await other.signIn(otherOfficer.username, otherOfficer.password)
                #expect(!Self.text(try await other.get("/certifications")).contains(id))
                #expect(try await other.get("/certifications/\(id)/withdraw").status == .notFound)
                let otherTable = try await other.get("/certification?series=2026-06&subject=J560")
                #expect(!Self.text(otherTable).contains("Cert 0051"))
                let stolen = try await other.post("/certifications/\(id)/withdraw", ["csrf": try PortalBrowser.csrf(in: otherTable)])
                #expect(stolen.status == .notFound)
                let taught = PortalBrowser(client)
                _ = try await taught.signIn(teacher.username, teacher.password)
                #expect(try await taught.get("/certification").status == .forbidden)
                #expect(!Self.text(try await taught.get("/")).contains("href=\"/certifications\""))

                // Withdrawn behind a confirmation; a second withdrawal is refused in words.
                let confirm = try await browser.get("/certifications/\(id)/withdraw")
                #expect(confirm.status == .ok && Self.text(confirm).contains("Withdraw the certification request for candidate 0051?"))
                let csrf = try PortalBrowser.csrf(in: confirm)
                let withdrawn = try await browser.post("/certifications/\(id)/withdraw", ["csrf": csrf])
                #expect(withdrawn.status == .seeOther && withdrawn.headers[.location] == "/certifications?done=withdrawn")
                html = Self.text(try await browser.get("/certifications?done=withdrawn"))
                #expect(html.contains("has been withdrawn") && html.contains(">Withdrawn<") && !html.contains("/certifications/\(id)/withdraw"))
                let twice = try await browser.post("/certifications/\(id)/withdraw", ["csrf": csrf])
                #expect(twice.status == .conflict && Self.text(twice).contains(CertificationError.withdrawn.message))
                #expect(try await desk.details(of: id, for: environment.examsOfficer).status == .withdrawn)
            }
        }
    }

    /// Polls `body` until it answers, for up to two minutes; `nil` if it never did.
    static func eventually<T>(_ body: () async throws -> T?) async throws -> T? {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if let value = try await body() { return value }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    @Test func anAwardMadeWhileWithdrawalIsConfirmedIsFinalAndTheRevisedStatementDownloads() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            try await CertificationAPITests.seed(environment.centre, in: environment)
            let desk = environment.runtime.certifications
            let statements = environment.runtime.statements
            let caller = environment.examsOfficer
            try await environment.application().test(.router) { client in
                let browser = PortalBrowser(client)
                _ = try await browser.signIn(officer.username, officer.password)

                // The first visit has the statement as issued made; it is offered once published.
                #expect(Self.text(try await browser.get("/candidates/0051?series=2026-06")).contains("being prepared; refresh in a moment"))
                let issued = try await environment.runtime.workers(concurrency: 1).whileRunning {
                    try await Self.eventually {
                        try await statements.statements(series: "2026-06", candidate: "0051", for: caller).first { $0.token != nil }
                    }
                }
                #expect(issued?.statement.revision == 1)

                let table = try await browser.get("/certification?series=2026-06&subject=J560")
                let sent = try await browser.post("/certification", try Self.form(table, ["0051"], step: "check"))
                #expect(sent.status == .ok)
                let id = try #require(try await desk.list(page: Page(limit: 10), for: caller).items.first?.id)
                let confirm = try await browser.get("/certifications/\(id)/withdraw")
                #expect(Self.text(confirm).contains("Withdraw the request"))

                // Awarded by the queue meanwhile, with the revised statement.
                let revised = try await environment.runtime.workers(concurrency: 1).whileRunning {
                    _ = try await Self.eventually { try await desk.details(of: id, for: caller).status == .awarded ? true : nil }
                    return try await Self.eventually {
                        try await statements.statements(series: "2026-06", candidate: "0051", for: caller).first {
                            $0.token != nil && $0.statement.revision == 2
                        }
                    }
                }
                #expect(revised?.statement.cause == .certification)

                let final = try await browser.post("/certifications/\(id)/withdraw", ["csrf": try PortalBrowser.csrf(in: confirm)])
                #expect(final.status == .conflict)
                var html = Self.text(final)
                #expect(html.contains("There is a problem") && html.contains(CertificationError.final.message))
                #expect(html.contains("Awarded, grade 6") && !html.contains("Withdraw the request"))
                #expect(Self.text(try await browser.get("/certifications")).contains("Awarded, grade 6"))

                // The candidate's page: the revised statement, the first below it, each with its link.
                html = Self.text(try await browser.get("/candidates/0051?series=2026-06"))
                #expect(html.contains("Awarded, grade 6") && !html.contains("being prepared"))
                #expect(html.contains(#"data-statement-revision>2<"#) && html.contains("A late certification"))
                #expect(html.contains("Results as issued") && html.contains("Download revision 1"))
                let links = html.matches(of: #/href="(/s/[^"]+)"/#).map { String($0.1) }
                #expect(links.count == 2)
                let current = try #require(links.first)
                let pdf = try await client.execute(uri: current, method: .get)
                #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
                let bytes = Data(buffer: pdf.body)
                #expect(bytes.starts(with: Data("%PDF".utf8)))
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("statement-\(UUID().uuidString).pdf")
                defer { try? FileManager.default.removeItem(at: file) }
                try bytes.write(to: file)
                let text = try PDFText.all(ofFileAt: file.path)
                #expect(text.contains("0051") && text.contains("Mathematics") && text.contains("Late certification"))

                // Another centre is shown neither the statement nor the request.
                let other = PortalBrowser(client)
                let otherOfficer = try #require(environment.credentials.centres[1].examsOfficer)
                _ = try await other.signIn(otherOfficer.username, otherOfficer.password)
                let elsewhere = Self.text(try await other.get("/candidates/0051?series=2026-06"))
                #expect(!elsewhere.contains("/s/") && !elsewhere.contains("Awarded") && !elsewhere.contains("data-certifications"))
                #expect(!Self.text(try await other.get("/certifications")).contains(id))
            }
        }
    }
}
