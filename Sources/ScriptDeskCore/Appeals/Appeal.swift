public import Foundation

/// A centre's appeal against an enquiry's outcome: a written statement, made within the
/// policy's window, decided by the awarding body, whose decision may revise the result as
/// an outcome does. Under JCQ an appeal has two stages, the second against the first's
/// decision.
public struct Appeal: Hashable, Sendable, Codable {
    /// Where an appeal stands: received, then decided (final).
    public typealias Status = Enquiry.Status

    /// Its identifier.
    public var id: String
    /// The enquiry whose outcome it appeals.
    public var enquiry: String
    /// Its stage: 1, or 2 against stage 1's decision where the policy has two.
    public var stage: Int
    /// The series code.
    public var series: String
    /// The centre that made it.
    public var centre: CentreNumber
    /// The candidate whose result it is about.
    public var candidate: CandidateNumber?
    /// The component code.
    public var component: String
    /// The centre's written statement of why the outcome is wrong.
    public var statement: String
    /// The user who made it.
    public var requestedBy: String
    /// Where it stands.
    public var status: Status
    /// When it was received.
    public var receivedAt: Date
    /// When its decision is due.
    public var dueAt: Date
    /// Its decision, once made: the result after it (the same mark when not upheld).
    public var decision: EnquiryOutcome?

    /// An appeal as stored.
    public init(
        id: String,
        enquiry: String,
        stage: Int,
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber?,
        component: String,
        statement: String,
        requestedBy: String,
        status: Status,
        receivedAt: Date,
        dueAt: Date,
        decision: EnquiryOutcome? = nil
    ) {
        self.id = id
        self.enquiry = enquiry
        self.stage = stage
        self.series = series
        self.centre = centre
        self.candidate = candidate
        self.component = component
        self.statement = statement
        self.requestedBy = requestedBy
        self.status = status
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.decision = decision
    }

    /// Its reference as people read and say it.
    public var reference: String { Reference.text(id) }

    /// Whether its decision changed the mark: the appeal was upheld.
    public var upheld: Bool? { decision.map { $0.mark != $0.previousMark } }
}

/// What the rules decided for an acceptable appeal: its stage, the statement as it will be
/// kept, and when its decision is due.
public struct AppealAcceptance: Hashable, Sendable {
    /// 1, or 2 against stage 1's decision.
    public var stage: Int
    /// The statement, trimmed.
    public var statement: String
    /// When the decision is due.
    public var dueDate: Date

    /// An acceptance as the rules made it.
    public init(stage: Int, statement: String, dueDate: Date) {
        self.stage = stage
        self.statement = statement
        self.dueDate = dueDate
    }
}

/// The rules for appeals: pure functions of the enquiry, the appeals already made against
/// it, the policy and the time they are asked at.
public enum AppealRules {
    /// The longest statement kept, in characters.
    public static let statementLimit = 10_000

    /// Accepts or refuses an appeal against `enquiry`'s outcome with `statement`, given the
    /// appeals already made against it, checking in order: an outcome to appeal, a written
    /// statement, the stage still open, and the window for that stage.
    public static func decide(
        enquiry: Enquiry,
        statement: String,
        earlier: [Appeal],
        policy: EnquiryPolicy,
        now: Date
    ) throws(AppealRefusal) -> AppealAcceptance {
        guard let outcome = enquiry.outcome else { throw enquiry.cohortOutcome == nil ? .noOutcome : .cohortOutcome }
        let statement = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !statement.isEmpty else { throw .statementRequired }
        guard statement.count <= statementLimit else { throw .statementTooLong(limit: statementLimit) }
        let stage = earlier.map(\.stage).max().map { $0 + 1 } ?? 1
        let lastDay: Date
        if stage == 1 {
            lastDay = policy.appealBy(outcomeReceivedAt: outcome.receivedAt)
        } else {
            guard stage <= policy.appealStages, let previous = earlier.first(where: { $0.stage == stage - 1 }) else {
                throw .alreadyMade(stages: policy.appealStages)
            }
            guard let decision = previous.decision else { throw .awaitingDecision(stage: previous.stage) }
            lastDay = policy.appealBy(decisionReceivedAt: decision.receivedAt)
        }
        guard now <= lastDay else { throw .tooLate(stage: stage, lastDay: lastDay) }
        return AppealAcceptance(stage: stage, statement: statement, dueDate: policy.appealDueDate(receivedAt: now))
    }
}

/// Why the rules refuse an appeal. Each case names the rule that refused it.
public enum AppealRefusal: ScriptDeskError, Hashable, Sendable {
    /// The enquiry has no outcome yet.
    case noOutcome
    /// The outcome is a review of moderation's, over a cohort: appealed in writing to the
    /// awarding body, not here.
    case cohortOutcome
    /// No written statement was given.
    case statementRequired
    /// The statement is longer than is kept.
    case statementTooLong(limit: Int)
    /// Every stage the policy allows has been appealed.
    case alreadyMade(stages: Int)
    /// The previous stage is not yet decided, so the next cannot be made.
    case awaitingDecision(stage: Int)
    /// The stage's window has closed.
    case tooLate(stage: Int, lastDay: Date)

    /// The `appeal.*` code of the rule that refused.
    public var code: String {
        switch self {
        case .noOutcome: "appeal.no_outcome"
        case .cohortOutcome: "appeal.moderation_outcome"
        case .statementRequired: "appeal.statement_required"
        case .statementTooLong: "appeal.statement_too_long"
        case .alreadyMade: "appeal.already_made"
        case .awaitingDecision: "appeal.awaiting_decision"
        case .tooLate: "appeal.too_late"
        }
    }

    /// What was refused and what to do; dates in ISO 8601.
    public var message: String {
        switch self {
        case .noOutcome:
            "An appeal follows an enquiry's outcome, and this enquiry has none yet; wait for its outcome."
        case .cohortOutcome:
            "A review of moderation's outcome covers the whole cohort and cannot be appealed here; write to the awarding body's appeals team."
        case .statementRequired:
            "An appeal is made in writing: give the statement of why the outcome is wrong."
        case .statementTooLong(let limit):
            "The statement is longer than \(limit) characters; shorten it to the points the appeal rests on."
        case .alreadyMade(let stages):
            stages == 1
                ? "This outcome has already been appealed; an outcome may be appealed once."
                : "Both stages of appeal against this outcome have been made; there is no further stage."
        case .awaitingDecision(let stage):
            "The stage \(stage) appeal has not been decided yet; a stage \(stage + 1) appeal may follow its decision."
        case .tooLate(let stage, let lastDay):
            "The last day to make a stage \(stage) appeal was \(ISO8601.string(from: lastDay)); it has passed."
        }
    }
}
