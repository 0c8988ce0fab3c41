import Foundation
import Hummingbird
import ScriptDeskCore
import ScriptDeskServices

/// The body of `POST /api/v1/script-requests`, read leniently so each missing or wrong
/// field gets its own message.
struct SubmissionBody: Decodable {
    struct Consent: Decodable {
        var candidateAgreed: Bool?
        var obtainedAt: String?
        var identify: Bool?
    }

    var series: String?
    var component: String?
    var candidate: String?
    var kind: String?
    var consent: Consent?

    /// The submission a request's body makes, each missing or wrong field refused by name.
    static func parse(_ request: Request, context: AppRequestContext) async throws -> ScriptRequestSubmission {
        try await request.decodeJSON(
            SubmissionBody.self,
            context: context,
            invalid: APIError(
                .badRequest,
                code: "request.bad_json",
                message: "The body must be a JSON object with series, component, candidate, kind and consent (strings, and consent an object)."
            )
        ).submission()
    }

    func submission() throws -> ScriptRequestSubmission {
        guard let series, !series.isEmpty else { throw APIError.invalid("'series' is required, such as \"2026-06\".") }
        guard let component, !component.isEmpty else { throw APIError.invalid("'component' is required: the component code.") }
        guard let candidate, !candidate.isEmpty else { throw APIError.invalid("'candidate' is required: the 4-digit candidate number.") }
        guard let kindText = kind, let kind = ScriptCopyKind(rawValue: kindText) else {
            throw APIError.invalid("'kind' must be \"priority\" or \"non-priority\".")
        }
        guard let consent, consent.candidateAgreed == true else {
            throw APIError(ScriptRequestRefusal.consentMissing, status: .unprocessableContent)
        }
        guard let obtainedText = consent.obtainedAt, let obtainedAt = ISO8601.date(from: obtainedText) else {
            throw APIError.invalid("'consent.obtainedAt' must be an ISO 8601 time with a zone, such as \"2026-08-20T09:30:00Z\".")
        }
        guard let identify = consent.identify else {
            throw APIError.invalid("'consent.identify' is required: true if the candidate may be identified, false for an anonymised copy.")
        }
        return ScriptRequestSubmission(
            series: series,
            component: component,
            candidate: candidate,
            kind: kind,
            consent: ConsentRecord(candidateAgreed: true, obtainedAt: obtainedAt, identify: identify)
        )
    }

}
