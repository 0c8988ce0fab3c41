import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// `/api/v1/enquiries`: make an enquiry about a result, follow it to its outcome, list a
/// centre's enquiries, record an outcome (operations), and the fees a centre owes for a
/// series as CSV. Each route decodes, calls the enquiry desk, and shows the answer.
struct EnquiryRoutes {
    let desk: EnquiryDesk

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get("fees.csv", use: fees)
        group.get("{id}", use: show)
        group.post("{id}/outcome", use: outcome)
    }

    /// The body of `POST /api/v1/enquiries`, read leniently so each missing or wrong field
    /// gets its own message.
    struct Body: Decodable {
        struct Consent: Decodable {
            var candidateAgreed: Bool?
            var obtainedAt: String?
            var acknowledgesMarksMayGoDown: Bool?
        }

        var series: String?
        var component: String?
        var candidate: String?
        var service: String?
        var consent: Consent?

        func submission() throws -> EnquirySubmission {
            guard let series, !series.isEmpty else { throw APIError.invalid("'series' is required, such as \"2026-06\".") }
            guard let component, !component.isEmpty else { throw APIError.invalid("'component' is required: the component code.") }
            guard let text = service, let service = EnquiryService(rawValue: text) else {
                let names = EnquiryService.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw APIError.invalid("'service' must be one of \(names).")
            }
            let consent = try self.consent.map { consent in
                guard let text = consent.obtainedAt, let obtainedAt = ISO8601.date(from: text) else {
                    throw APIError.invalid("'consent.obtainedAt' must be an ISO 8601 time with a zone, such as \"2026-08-20T09:30:00Z\".")
                }
                return EnquiryConsent(
                    candidateAgreed: consent.candidateAgreed == true,
                    obtainedAt: obtainedAt,
                    acknowledgesMarksMayGoDown: consent.acknowledgesMarksMayGoDown == true
                )
            }
            let candidate = candidate.flatMap { $0.isEmpty ? nil : $0 }
            return EnquirySubmission(series: series, component: component, candidate: candidate, service: service, consent: consent)
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(
            Body.self,
            context: context,
            invalid: APIError(
                .badRequest,
                code: "request.bad_json",
                message: "The body must be a JSON object with series, component, candidate, service and consent (strings, and consent an object)."
            )
        )
        let enquiry = try await desk.submit(try body.submission(), by: caller)
        var response = try JSON.response(EnquiryView(enquiry, appealBy: nil), status: .created)
        response.headers[.location] = "/api/v1/enquiries/\(enquiry.id)"
        return response
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = request.uri.queryParameters
        let paging = try PageQuery(request)
        let status = try query["status"].map { text in
            guard let status = Enquiry.Status(rawValue: String(text)) else { throw APIError.invalid("'status' must be \"received\" or \"decided\".") }
            return status
        }
        let service = try query["service"].map { text in
            guard let service = EnquiryService(rawValue: String(text)) else {
                throw APIError.invalid("'service' must be one of \(EnquiryService.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return service
        }
        let series = query["series"].map(String.init)
        let page = try await desk.list(.init(series: series, status: status, service: service), page: paging.page, for: caller)
        let filters = [series.map { "series=\($0)" }, status.map { "status=\($0.rawValue)" }, service.map { "service=\($0.rawValue)" }]
        let items = page.items.map { EnquiryView($0, appealBy: desk.appealBy($0)) }
        return try JSON.response(paging.listing(items, total: page.total, path: "/api/v1/enquiries", filters: filters))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let (enquiry, timeline) = try await desk.details(of: try context.parameters.require("id"), for: caller)
        var view = EnquiryView(enquiry, appealBy: desk.appealBy(enquiry))
        view.timeline = timeline.map(EnquiryView.Event.init)
        return try JSON.response(view)
    }

    /// The body of an outcome.
    struct OutcomeBody: Decodable {
        var mark: Int?
        var reason: String?
        /// For a review of moderation: marks added to (or taken from) every mark of the cohort.
        var adjustment: Int?
    }

    @Sendable func outcome(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await request.decodeJSON(
            OutcomeBody.self,
            context: context,
            invalid: APIError(
                .badRequest,
                code: "request.bad_json",
                message: "The body must be {\"mark\": a whole number, \"reason\": text}, or {\"adjustment\", \"reason\"} for a review of moderation."
            )
        )
        let id = try context.parameters.require("id")
        let decided: Enquiry
        switch (body.mark, body.adjustment) {
        case (let mark?, nil):
            decided = try await desk.recordOutcome(of: id, mark: mark, reason: body.reason ?? "", by: caller)
        case (nil, let adjustment?):
            decided = try await desk.recordCohortOutcome(of: id, adjustment: adjustment, reason: body.reason ?? "", by: caller)
        default:
            throw APIError.invalid(
                "Give 'mark', the mark after the enquiry (the same mark when unchanged), or, for a review of moderation, 'adjustment': "
                    + "the marks added to every mark of the cohort (0 when they stand); not both."
            )
        }
        return try JSON.response(EnquiryView(decided, appealBy: desk.appealBy(decided)))
    }

    /// `GET /api/v1/enquiries/fees.csv?series=`: every enquiry of the series the caller may
    /// see, with its fee, whether it was waived (the grade changed), and what is owed; the
    /// last line is the total.
    @Sendable func fees(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard let series = request.uri.queryParameters["series"].map(String.init), Series.isValidCode(series) else {
            throw APIError.invalid("'series' is required, as YYYY-MM (such as 2026-06).")
        }
        var rows = [["reference", "id", "centre", "candidate", "component", "service", "received_at", "status", "fee", "waived", "owed"]]
        var offset = 0
        var total = 0
        while true {
            let page = try await desk.list(.init(series: series), page: Page(limit: 500, offset: offset), for: caller)
            for enquiry in page.items {
                total += enquiry.feeOwedInPence
                rows.append([
                    enquiry.reference, enquiry.id, enquiry.centre.rawValue, enquiry.candidate?.rawValue ?? "cohort", enquiry.component,
                    enquiry.service.rawValue, ISO8601.string(from: enquiry.receivedAt), enquiry.status.rawValue, Money.pounds(enquiry.feeInPence),
                    enquiry.outcome?.gradeChanged == true ? "yes" : "no", Money.pounds(enquiry.feeOwedInPence),
                ])
            }
            offset += page.items.count
            if page.items.isEmpty || offset >= page.total { break }
        }
        rows.append(["total", "", "", "", "", "", "", "", "", "", Money.pounds(total)])
        let text = rows.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"enquiry-fees-\(series).csv\""],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

}

/// An enquiry as the API shows it.
struct EnquiryView: Encodable {
    struct Fee: Encodable {
        var pence: Int
        var pounds: String
    }

    struct Outcome: Encodable {
        var mark: Int
        var grade: String
        var previousMark: Int
        var previousGrade: String
        var reason: String
        var receivedAt: String
        var gradeChanged: Bool

        init(_ outcome: EnquiryOutcome) {
            mark = outcome.mark
            grade = outcome.grade
            previousMark = outcome.previousMark
            previousGrade = outcome.previousGrade
            reason = outcome.reason
            receivedAt = ISO8601.string(from: outcome.receivedAt)
            gradeChanged = outcome.gradeChanged
        }
    }

    struct CohortOutcome: Encodable {
        var adjustment: Int
        var reason: String
        var receivedAt: String
        var resultsRevised: Int
    }

    struct Event: Encodable {
        var at: String
        var status: String
        var detail: String

        init(_ event: EnquiryEvent) {
            at = ISO8601.string(from: event.at)
            status = event.status.rawValue
            detail = event.detail
        }
    }

    var id: String
    var reference: String
    var status: String
    var service: String
    var series: String
    var centre: String
    var candidate: String?
    var component: String
    var receivedAt: String
    var dueDate: String
    var fee: Fee
    var feeOwed: Fee
    var outcome: Outcome?
    var cohortOutcome: CohortOutcome?
    var appealBy: String?
    var timeline: [Event]?

    init(_ enquiry: Enquiry, appealBy: Date?) {
        id = enquiry.id
        reference = enquiry.reference
        status = enquiry.status.rawValue
        service = enquiry.service.rawValue
        series = enquiry.series
        centre = enquiry.centre.rawValue
        candidate = enquiry.candidate?.rawValue
        component = enquiry.component
        receivedAt = ISO8601.string(from: enquiry.receivedAt)
        dueDate = ISO8601.string(from: enquiry.dueAt)
        fee = Fee(pence: enquiry.feeInPence, pounds: Money.pounds(enquiry.feeInPence))
        feeOwed = Fee(pence: enquiry.feeOwedInPence, pounds: Money.pounds(enquiry.feeOwedInPence))
        outcome = enquiry.outcome.map(Outcome.init)
        cohortOutcome = enquiry.cohortOutcome.map {
            CohortOutcome(
                adjustment: $0.adjustment,
                reason: $0.reason,
                receivedAt: ISO8601.string(from: $0.receivedAt),
                resultsRevised: $0.resultsRevised
            )
        }
        self.appealBy = appealBy.map(ISO8601.string)
    }
}
