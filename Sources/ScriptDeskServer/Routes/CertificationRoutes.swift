import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// `/api/v1/subjects` and `/api/v1/certifications`: the subjects with their components and
/// weightings; which of the centre's candidates late certification would accept, and why
/// not; requests checked whole; their listing, details and withdrawal before the award.
/// Each route decodes, calls the certification desk, and shows the answer.
struct CertificationRoutes {
    let desk: CertificationDesk

    func addRoutes(subjects: RouterGroup<AppRequestContext>, certifications group: RouterGroup<AppRequestContext>) {
        subjects.get(use: listSubjects)
        group.post(use: create)
        group.get(use: list)
        group.get("eligibility", use: eligibility)
        group.get("{id}", use: show)
        group.delete("{id}", use: withdraw)
    }

    @Sendable func listSubjects(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireCaller()
        return try JSON.response(["items": try await desk.subjects().map(SubjectView.init)])
    }

    @Sendable func eligibility(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = request.uri.queryParameters
        guard let series = query["series"].map(String.init), !series.isEmpty else {
            throw APIError.invalid("'series' is required, such as \"2026-06\".")
        }
        guard let subject = query["subject"].map(String.init), !subject.isEmpty else {
            throw APIError.invalid("'subject' is required, such as \"J560\".")
        }
        let rows = try await desk.eligibility(series: series, subject: subject, for: caller)
        return try JSON.response(
            EligibilityView(series: series, subject: subject, items: rows.map(EligibilityView.Row.init), eligible: rows.filter(\.eligible).count)
        )
    }

    /// The body of `POST /api/v1/certifications`.
    struct Body: Decodable {
        var series: String?
        var subject: String?
        var candidates: [String]?
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(
            Body.self,
            context: context,
            invalid: APIError(
                .badRequest,
                code: "request.bad_json",
                message: "The body must be a JSON object with series and subject (strings) and candidates (a list of candidate numbers)."
            )
        )
        guard let series = body.series, !series.isEmpty else { throw APIError.invalid("'series' is required, such as \"2026-06\".") }
        guard let subject = body.subject, !subject.isEmpty else { throw APIError.invalid("'subject' is required, such as \"J560\".") }
        do {
            let made = try await desk.request(
                CertificationSubmission(series: series, subject: subject, candidates: body.candidates ?? []),
                by: caller
            )
            return try JSON.response(["items": made.map(CertificationView.init)], status: .created)
        } catch let error as CertificationError {
            guard case .refused(let refusals) = error else { throw error }
            return try JSON.response(
                RefusedView(error: .init(code: error.code, message: error.message, refusals: refusals)),
                status: .unprocessableContent
            )
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = request.uri.queryParameters
        let paging = try PageQuery(request)
        let status = try query["status"].map { text in
            guard let status = Certification.Status(rawValue: String(text)) else {
                throw APIError.invalid(
                    "'status' must be one of \(Certification.Status.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))."
                )
            }
            return status
        }
        let series = query["series"].map(String.init)
        let page = try await desk.list(.init(series: series, status: status), page: paging.page, for: caller)
        return try JSON.response(
            paging.listing(
                page.items.map(CertificationView.init),
                total: page.total,
                path: "/api/v1/certifications",
                filters: [series.map { "series=\($0)" }, status.map { "status=\($0.rawValue)" }]
            )
        )
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try JSON.response(CertificationView(try await desk.details(of: try context.parameters.require("id"), for: caller)))
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try JSON.response(CertificationView(try await desk.withdraw(try context.parameters.require("id"), by: caller)))
    }

}

/// A subject as the API shows it.
struct SubjectView: Encodable {
    struct Part: Encodable {
        var code: String
        var weighting: Int
    }
    var code: String
    var title: String
    var qualification: String
    var maxMark: Int
    var components: [Part]

    init(_ subject: Subject) {
        code = subject.code
        title = subject.title
        qualification = subject.qualification.rawValue
        maxMark = subject.maxMark
        components = subject.parts.map { Part(code: $0.component, weighting: $0.weighting) }
    }
}

/// The eligibility of a centre's candidates as the API shows it.
struct EligibilityView: Encodable {
    struct Row: Encodable {
        struct Person: Encodable {
            var number: String
            var name: String
        }
        var candidate: Person
        var eligible: Bool
        var code: String?
        var message: String?
        var shareInSeries: Int?

        init(_ answer: CertificationDesk.Eligibility) {
            candidate = Person(number: answer.candidate.number.rawValue, name: answer.candidate.name)
            eligible = answer.eligible
            code = answer.refusal?.code
            message = answer.refusal?.message
            shareInSeries = answer.share
        }
    }
    var series: String
    var subject: String
    var items: [Row]
    var eligible: Int
}

/// A late certification request as the API shows it.
struct CertificationView: Encodable {
    struct Award: Encodable {
        var mark: Int
        var grade: String
        var awardedAt: String?
    }
    var id: String
    var series: String
    var centre: String
    var candidate: String
    var subject: String
    var status: String
    var receivedAt: String
    var fee: String
    var award: Award?

    init(_ request: Certification) {
        id = request.id
        series = request.series
        centre = request.centre.rawValue
        candidate = request.candidate.rawValue
        subject = request.subject
        status = request.status.rawValue
        receivedAt = ISO8601.string(from: request.receivedAt)
        fee = Money.pounds(request.feeInPence)
        award = request.award.map { Award(mark: $0.mark, grade: $0.grade, awardedAt: request.awardedAt.map(ISO8601.string)) }
    }
}

/// A request refused candidate by candidate: nothing was created.
struct RefusedView: Encodable {
    struct Problem: Encodable {
        var code: String
        var message: String
        var refusals: [CertificationError.Refusal]
    }
    var error: Problem
}
