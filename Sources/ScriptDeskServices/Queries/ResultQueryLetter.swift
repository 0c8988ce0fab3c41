import Foundation
import ScriptDeskCore

/// What the email about a resolved missing or incomplete results query says (sent by
/// `OutcomeMail` as `result-query.resolution-mail`).
enum ResultQueryLetter {
    /// A mark as the email writes it: the number, or "none" for a missing one.
    static func mark(_ mark: Int?) -> String {
        mark.map(String.init) ?? "none"
    }

    static func subject(_ query: ResultQuery, _ resolution: ResultQueryResolution) -> String {
        let what: String
        switch resolution.outcome {
        case .corrected(let correction): what = "result corrected to mark \(correction.mark), grade \(correction.grade)"
        case .explained: what = "result unchanged"
        }
        return "Query \(query.reference) (\(query.component), candidate \(query.candidate.rawValue)): \(what)"
    }

    static func body(_ query: ResultQuery, _ resolution: ResultQueryResolution, centre: Centre) -> String {
        let indicator = query.indicator.map { " (indicator \"\($0.rawValue)\")" } ?? ""
        let answer: String
        switch resolution.outcome {
        case .corrected(let correction):
            answer = """
                The result has been corrected.

                Mark before: \(mark(correction.previousMark)), grade \(correction.previousGrade ?? "none")
                Mark after:  \(correction.mark), grade \(correction.grade)
                Reason: \(correction.reason)

                The candidate's results and statement of results show the corrected result.
                """
        case .explained(let reason):
            answer = """
                The result stands unchanged.

                Explanation: \(reason)
                """
        }
        return """
            Dear exams officer,

            Your query about \(query.reason.displayName)\(indicator) on behalf of \(centre.name) (centre \(centre.number)), \
            reference \(query.reference), for candidate \(query.candidate.rawValue) in \(query.component) \
            (series \(query.series)), has been resolved.

            You told us: \(query.detail)

            \(answer)

            This message was sent automatically by ScriptDesk.
            """
    }
}
