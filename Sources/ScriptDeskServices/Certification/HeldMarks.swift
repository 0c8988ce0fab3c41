import ScriptDeskCore
import ScriptDeskStore

/// The marks each candidate of a centre holds towards a subject, as the cash-in counts them:
/// one load for the eligibility listing, a request and an award alike.
enum HeldMarks {
    /// Each candidate of `centre` (or only `candidate`) and the marks they hold towards
    /// `subject` in `series` (`CashIn.held`).
    static func load(
        _ subject: Subject,
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber? = nil,
        on db: StoreConnection
    ) async throws -> [(candidate: Candidate, held: [String: CashIn.Held])] {
        let components = subject.parts.map(\.component)
        var maxMarks: [String: Int] = [:]
        for code in components {
            if let component = try await ReferenceData().component(code, on: db) { maxMarks[code] = component.maxMark }
        }
        let holdings = try await Subjects().holdings(of: centre, candidate: candidate, in: components, upTo: series, on: db)
        return holdings.map { (candidate: $0.candidate, held: CashIn.held(from: $0.results, maxMarks: maxMarks, upTo: series)) }
    }
}
