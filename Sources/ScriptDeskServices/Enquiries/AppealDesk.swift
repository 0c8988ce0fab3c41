public import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore

/// Receives appeals against enquiries' outcomes and records their decisions: checks who may
/// (the access policy, with the policy's say on whether only the head of centre appeals),
/// then the rules (`AppealRules`), and writes in one transaction; a decision revises the
/// result with its history as an outcome does, and emails the centre.
public struct AppealDesk: Sendable {
    let database: Database
    let queue: any JobQueue
    let rules: EnquiryPolicy
    let access: AccessPolicy
    let clock: WallClock
    private let enquiries = Enquiries()
    private let appeals = Appeals()
    private let remarking = Remarking()

    /// Keeps appeals in `database` under the appeal settings of `rules`, for the callers
    /// `access` allows; a decision's email goes out as a job on `queue`.
    public init(database: Database, queue: any JobQueue, rules: EnquiryPolicy, access: AccessPolicy, clock: WallClock) {
        self.database = database
        self.queue = queue
        self.rules = rules
        self.access = access
        self.clock = clock
    }

    /// Checks and records an appeal by `caller` against enquiry `enquiryID`'s outcome, with
    /// `statement`: the first stage, or the next once the previous is decided.
    public func make(against enquiryID: String, statement: String, by caller: Caller) async throws -> Appeal {
        let now = clock.now
        return try await database.transaction { db in
            let enquiry = try await enquiries.find(enquiryID, scope: access.enquiryScope(for: caller), on: db)
            do throws(AccessRefusal) {
                try access.authorise(caller, .makeAppeal(enquiry?.centre, headOfCentreOnly: rules.appealsByHeadOfCentre))
            } catch .forbidden(let reason) {
                throw AppealError.forbidden(reason)
            } catch {
                throw AppealError.enquiryNotFound(enquiryID)
            }
            guard let enquiry else { throw AppealError.enquiryNotFound(enquiryID) }
            let earlier = try await appeals.against(enquiry.id, on: db)
            let accepted: AppealAcceptance
            do throws(AppealRefusal) {
                accepted = try AppealRules.decide(enquiry: enquiry, statement: statement, earlier: earlier, policy: rules, now: now)
            } catch {
                throw AppealError.refused(error)
            }
            let appeal = Appeal(
                id: UUID().uuidString.lowercased(),
                enquiry: enquiry.id,
                stage: accepted.stage,
                series: enquiry.series,
                centre: enquiry.centre,
                candidate: enquiry.candidate,
                component: enquiry.component,
                statement: accepted.statement,
                requestedBy: caller.id,
                status: .received,
                receivedAt: now,
                dueAt: accepted.dueDate
            )
            let detail =
                "Received: stage \(accepted.stage) appeal by the \(caller.role.rawValue); the decision is due by \(ISO8601.string(from: accepted.dueDate))"
            guard try await appeals.insert(appeal, event: EnquiryEvent(at: now, status: .received, detail: detail), on: db) else {
                throw AppealError.refused(.alreadyMade(stages: rules.appealStages))
            }
            return appeal
        }
    }

    /// One appeal and its timeline, if `caller` may see it.
    public func details(of id: String, for caller: Caller) async throws -> (appeal: Appeal, timeline: [EnquiryEvent]) {
        try authorise(caller, .listEnquiries)
        let scope = access.enquiryScope(for: caller)
        let found = try await database.read { db -> (Appeal, [EnquiryEvent])? in
            guard let appeal = try await appeals.find(id, scope: scope, on: db) else { return nil }
            return (appeal, try await appeals.timeline(of: id, on: db))
        }
        guard let found else { throw AppealError.notFound(id) }
        return found
    }

    /// The appeals `caller` may see, narrowed by `filter`, in its order (newest first unless it
    /// says otherwise).
    public func list(_ filter: Appeals.Filter = .init(), page: Page, for caller: Caller) async throws -> PageOf<Appeal> {
        try authorise(caller, .listEnquiries)
        let scope = access.enquiryScope(for: caller)
        return try await database.read { try await appeals.list(scope: scope, filter: filter, page: page, on: $0) }
    }

    /// The appeals made against enquiry `enquiryID`, first stage first: none when the enquiry
    /// is not one `caller` may see.
    public func against(_ enquiryID: String, for caller: Caller) async throws -> [Appeal] {
        try authorise(caller, .listEnquiries)
        let scope = access.enquiryScope(for: caller)
        return try await database.read { db in
            guard try await enquiries.find(enquiryID, scope: scope, on: db) != nil else { return [] }
            return try await appeals.against(enquiryID, on: db)
        }
    }

    /// The last instant the next stage may be appealed against `appeal`'s decision, where the
    /// policy has a next stage and the appeal has been decided.
    public func nextStageBy(_ appeal: Appeal) -> Date? {
        guard appeal.stage < rules.appealStages, let decision = appeal.decision else { return nil }
        return rules.appealBy(decisionReceivedAt: decision.receivedAt)
    }

    /// Records the decision on an appeal: `mark` (the same mark when the appeal is not upheld)
    /// graded by the series' boundaries for the component, and `reason`. The result is revised
    /// (with its history) when the mark or grade changed, in the same transaction that makes
    /// the decision final, with the job that emails the centre; a second decision is refused.
    public func decide(_ id: String, mark: Int, reason: String, by caller: Caller) async throws -> Appeal {
        try authorise(caller, .decideEnquiries)
        let now = clock.now
        return try await database.transaction { db in
            guard let appeal = try await appeals.find(id, scope: .everyCentre, on: db) else { throw AppealError.notFound(id) }
            guard appeal.status == .received else { throw AppealError.decisionFinal }
            guard let candidate = appeal.candidate else { throw EnquiryError.outcomeIsPerCandidate }
            let key = ResultKey(series: appeal.series, centre: appeal.centre, candidate: candidate, component: appeal.component)
            let decision = try await remarking.outcome(of: key, mark: mark, reason: reason, at: now, on: db)
            let event = EnquiryEvent.decided(decision, as: "Decision")
            guard try await appeals.decide(id, decision: decision, event: event, on: db) else { throw AppealError.decisionFinal }
            let revision = try await ResultHistory().revise(key, to: decision, cause: .appeal, causeID: appeal.id, on: db)
            try await StatementIssue.follow(revision, of: key, queue: queue, in: db, now: now)
            var decided = appeal
            decided.status = .decided
            decided.decision = decision
            _ = try await queue.enqueue(
                try OutcomeMail.job(
                    .appealDecision,
                    id: decided.id,
                    centre: decided.centre,
                    candidate: decided.candidate,
                    component: decided.component
                ),
                in: db,
                now: now
            )
            return decided
        }
    }

    /// `action` authorised for `caller`; the actions asked here refuse by role only.
    private func authorise(_ caller: Caller, _ action: AccessPolicy.Action) throws(AppealError) {
        if let reason = access.refusal(of: caller, action) { throw .forbidden(reason) }
    }
}

/// Why an appeal, or its decision, was not accepted.
public enum AppealError: ScriptDeskError, Sendable, Hashable {
    /// The caller's role may not do this.
    case forbidden(String)
    /// No such enquiry to appeal, or not the caller's centre's.
    case enquiryNotFound(String)
    /// No such appeal, or not the caller's to see.
    case notFound(String)
    /// A rule refused it.
    case refused(AppealRefusal)
    /// The appeal already has its decision, which is final.
    case decisionFinal

    /// `auth.forbidden` or an `appeal.*` code (`enquiry.not_found` for an unknown enquiry).
    public var code: String {
        switch self {
        case .forbidden: "auth.forbidden"
        case .enquiryNotFound: "enquiry.not_found"
        case .notFound: "appeal.not_found"
        case .refused(let refusal): refusal.code
        case .decisionFinal: "appeal.decision_final"
        }
    }

    /// What went wrong and what to do.
    public var message: String {
        switch self {
        case .forbidden(let reason): reason
        case .enquiryNotFound(let id): "There is no enquiry \(id) to appeal."
        case .notFound(let id): "There is no appeal \(id)."
        case .refused(let refusal): refusal.message
        case .decisionFinal: "This appeal's decision has been recorded and is final."
        }
    }
}
