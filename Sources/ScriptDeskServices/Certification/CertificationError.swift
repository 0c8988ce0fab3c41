public import ScriptDeskCore

/// Why a late certification request, a listing or a withdrawal was not accepted. An unknown
/// series is the intake's own `IntakeError`, with the same code as for script copies.
public enum CertificationError: ScriptDeskError, Sendable, Hashable {
    /// One candidate refused: the number as given, and the refusal's code and words.
    public struct Refusal: Sendable, Hashable, Codable {
        /// The candidate number as given.
        public var candidate: String
        /// The refusal's stable code, such as `certification.terminal_rule`.
        public var code: String
        /// What was refused and what to do.
        public var message: String

        /// A refusal of one candidate.
        public init(candidate: String, code: String, message: String) {
            self.candidate = candidate
            self.code = code
            self.message = message
        }

        /// `candidate` refused by `error`, in its code and words.
        public init(candidate: String, _ error: some ScriptDeskError) {
            self.init(candidate: candidate, code: error.code, message: error.message)
        }
    }

    /// The caller's role may not do this.
    case forbidden(String)
    /// No such subject.
    case unknownSubject(String)
    /// The request named no candidates.
    case noCandidates
    /// The request named more candidates than one request holds.
    case tooMany(limit: Int)
    /// The candidate is named more than once in one request.
    case duplicateCandidate(String)
    /// These candidates were refused, so none was accepted.
    case refused([Refusal])
    /// No such request, or not the caller's to see.
    case notFound(String)
    /// The grade is awarded, which is final.
    case final
    /// The request was withdrawn.
    case withdrawn
    /// The subject has no grade boundaries for the series, so no grade can be awarded.
    case noBoundaries(subject: String, series: String)

    /// `auth.forbidden` or a `certification.*` code.
    public var code: String {
        switch self {
        case .forbidden: "auth.forbidden"
        case .unknownSubject: "certification.unknown_subject"
        case .noCandidates: "certification.no_candidates"
        case .tooMany: "certification.too_many"
        case .duplicateCandidate: "certification.duplicate_candidate"
        case .refused: "certification.refused"
        case .notFound: "certification.not_found"
        case .final: "certification.final"
        case .withdrawn: "certification.withdrawn"
        case .noBoundaries: "certification.no_boundaries"
        }
    }

    /// What went wrong and what to do.
    public var message: String {
        switch self {
        case .forbidden(let reason): reason
        case .unknownSubject(let code): "There is no subject \(code); GET /api/v1/subjects lists them."
        case .noCandidates: "Name at least one candidate in 'candidates'."
        case .tooMany(let limit): "One request names at most \(limit) candidates; split it into smaller requests."
        case .duplicateCandidate(let number): "Candidate \(number) is named more than once; name each candidate once."
        case .refused(let refusals):
            "\(refusals.count) candidate\(refusals.count == 1 ? " was" : "s were") refused, so no certification was requested; "
                + "remove or correct \(refusals.count == 1 ? "it" : "them") and ask again."
        case .notFound(let id): "There is no late certification request \(id)."
        case .final: "The grade has been awarded and cannot be withdrawn."
        case .withdrawn: "This request was withdrawn."
        case .noBoundaries(let subject, let series):
            "\(subject) has no subject grade boundaries for \(series), so no grade can be awarded yet; set them first."
        }
    }
}
