import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// `GET /candidates/{number}?series=`: everything about one candidate in one series at the
/// caller's centre: their results, every copy of a script requested, every enquiry, every
/// revision of a result, every late certification request, and their statement of results
/// with each earlier revision, each read through its own service under the access policy.
/// A number that is not a candidate number is the 404 page.
struct CandidatePage<Context: PortalRequestContext> {
    let results: ResultsQuery
    let tracking: RequestTracking
    let desk: EnquiryDesk
    let appeals: AppealDesk
    let queries: ResultQueryDesk
    let certifications: CertificationDesk
    let statements: StatementDesk
    let clock: WallClock
    let renderer: PageRenderer

    /// The most of each kind shown; a candidate has a few components, not hundreds.
    static var limit: Int { 200 }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("candidates/{number}", use: show)
    }

    struct CandidateView: PageContent {
        var title: String
        var session: PortalSession?
        var number: String
        var name: String?
        var seriesName: String
        var series: String
        var results: [ResultsPage<Context>.Row]
        var hasResults: Bool
        var requests: [RequestPages<Context>.Row]
        var hasRequests: Bool
        var enquiries: [EnquiryListPages<Context>.Row]
        var hasEnquiries: Bool
        var appeals: [AppealPages<Context>.Row]
        var hasAppeals: Bool
        var queries: [QueryPages<Context>.Row]
        var hasQueries: Bool
        var revisions: [Revision]
        var hasRevisions: Bool
        var certifications: [CertificationListPages<Context>.Row]
        var hasCertifications: Bool
        var statement: StatementSection
    }

    struct Revision {
        var component: String
        var at: String
        var before: String
        var after: String
        var reason: String
        var cause: String
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let caller = session.signedIn.caller
        guard let number = CandidateNumber(try context.parameters.require("number")) else { throw HTTPError(.notFound) }
        let inForce = try await results.seriesInForce(at: clock.now)
        let series = request.uri.queryParameters["series"].map(String.init).flatMap { $0.isEmpty ? nil : $0 } ?? inForce.first?.code ?? ""
        let window = Page(limit: Self.limit)
        let listings = try await results.results(
            series: series,
            centre: nil,
            filter: .init(candidate: number.rawValue),
            page: window,
            for: caller
        ).page.items.filter { $0.result.candidate == number }
        let requests = try await tracking.list(for: caller, filter: .init(candidate: number, series: series), page: window).items
        let enquiries: [Enquiry]
        do {
            enquiries = try await desk.list(.init(series: series, candidate: number), page: window, for: caller).items
        } catch EnquiryError.forbidden(let reason) {
            throw AccessRefusal.forbidden(reason)
        }
        let appealed = try await AppealPages<Context>.visible {
            try await appeals.list(.init(series: series, candidate: number), page: window, for: caller).items
        }
        let queried = try await QueryPages<Context>.visible {
            try await queries.list(.init(series: series, candidate: number), page: window, for: caller).items
        }
        let revisions = try await results.revisions(series: series, candidate: number, centre: nil, for: caller)
        let certified = try await CertificationListPages<Context>.visible {
            try await certifications.list(.init(series: series, candidate: number), page: window, for: caller).items
        }
        let subjects = try await certifications.subjects()
        let statement = try await statementSection(series: series, candidate: number, for: caller)
        let name = listings.first.map(\.candidateName).flatMap { $0.isEmpty ? nil : $0 }
        let page = CandidateView(
            title: "Candidate \(number.rawValue)",
            session: session,
            number: number.rawValue,
            name: name,
            seriesName: inForce.first { $0.code == series }?.name ?? series,
            series: series,
            results: listings.map(ResultsPage<Context>.row),
            hasResults: !listings.isEmpty,
            requests: requests.map(RequestPages<Context>.row),
            hasRequests: !requests.isEmpty,
            enquiries: enquiries.map(EnquiryListPages<Context>.row),
            hasEnquiries: !enquiries.isEmpty,
            appeals: appealed.map(AppealPages<Context>.row),
            hasAppeals: !appealed.isEmpty,
            queries: queried.map(QueryPages<Context>.row),
            hasQueries: !queried.isEmpty,
            revisions: revisions.map { component, revision in
                Revision(
                    component: component,
                    at: UKTime.dateAndTime(revision.at),
                    before: Self.markAndGrade(revision.previousMark, revision.previousGrade),
                    after: Self.markAndGrade(revision.mark, revision.grade),
                    reason: revision.reason,
                    cause: Self.cause(revision.cause)
                )
            },
            hasRevisions: !revisions.isEmpty,
            certifications: certified.map { CertificationListPages<Context>.row($0, subjects: subjects, name: name) },
            hasCertifications: !certified.isEmpty,
            statement: statement
        )
        return renderer.render("candidate", page)
    }

    static func markAndGrade(_ mark: Int?, _ grade: String?) -> String {
        "\(mark.map(String.init) ?? "–"), grade \(grade ?? "–")"
    }

    static func cause(_ cause: ResultRevision.Cause) -> String {
        switch cause {
        case .enquiry: "Enquiry about results"
        case .appeal: "Appeal"
        case .missingResult: "Missing or incomplete result"
        case .certification: "Certification"
        }
    }
}
