import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore

/// Receives missing and incomplete results queries and resolves them: checks who may (the
/// access policy's enquiry actions), then the rules (`ResultQueryRules`, under the policy's
/// settings), and writes in one transaction. A correction revises the result with its
/// history in the same transaction that makes the resolution final, with the job that
/// emails the centre; an explanation is emailed the same way.
public struct ResultQueryDesk: Sendable {
    let database: Database
    let queue: any JobQueue
    let rules: EnquiryPolicy
    let access: AccessPolicy
    let clock: WallClock
    private let reference = ReferenceData()
    private let queries = ResultQueries()
    private let history = ResultHistory()

    /// Keeps queries in `database` under the settings of `rules`, for the callers `access`
    /// allows; a resolution's email goes out as a job on `queue`.
    public init(database: Database, queue: any JobQueue, rules: EnquiryPolicy, access: AccessPolicy, clock: WallClock) {
        self.database = database
        self.queue = queue
        self.rules = rules
        self.access = access
        self.clock = clock
    }

    /// Checks and records `submission`, made by `caller` for their own centre.
    public func submit(_ submission: ResultQuerySubmission, by caller: Caller) async throws -> ResultQuery {
        try authorise(caller, .makeEnquiry(caller.centre))
        // The policy allows only a caller with a centre of their own.
        guard let centre = caller.centre else { throw ResultQueryError.forbidden(AccessPolicy.enquiriesByExamsOfficers) }
        guard let candidate = CandidateNumber(submission.candidate) else { throw IntakeError.unknownCandidate(submission.candidate) }
        let now = clock.now
        return try await database.transaction { db in
            guard let series = try await reference.series(submission.series, on: db) else {
                throw IntakeError.unknownSeries(submission.series)
            }
            guard let component = try await reference.component(submission.component, on: db) else {
                throw IntakeError.unknownComponent(submission.component)
            }
            guard try await reference.candidate(candidate, of: centre, on: db) != nil else {
                throw IntakeError.unknownCandidate(candidate.rawValue)
            }
            let key = ResultKey(series: series.code, centre: centre, candidate: candidate, component: component.code)
            let facts = ResultQueryRules.Facts(
                reason: submission.reason,
                detail: submission.detail,
                indicator: submission.indicator,
                result: try await reference.result(series: series.code, centre: centre, candidate: candidate, component: component.code, on: db),
                alreadyOpen: try await queries.hasOpen(key, reason: submission.reason, on: db),
                calendar: series.calendar
            )
            let decision: ResultQueryDecision
            do throws(ResultQueryRefusal) {
                decision = try ResultQueryRules.decide(facts, policy: rules, now: now)
            } catch {
                throw ResultQueryError.refused(error)
            }
            let query = ResultQuery(
                id: UUID().uuidString.lowercased(),
                series: series.code,
                centre: centre,
                candidate: candidate,
                component: component.code,
                reason: submission.reason,
                detail: decision.detail,
                indicator: decision.indicator,
                requestedBy: caller.id,
                status: .received,
                receivedAt: now,
                dueAt: decision.dueDate
            )
            let detail = "Received: \(submission.reason.displayName); the resolution is due by \(ISO8601.string(from: decision.dueDate))"
            guard try await queries.insert(query, event: ResultQueryEvent(at: now, status: .received, detail: detail), on: db) else {
                throw ResultQueryError.refused(.alreadyOpen)
            }
            return query
        }
    }

    /// One query and its timeline, if `caller` may see it.
    public func details(of id: String, for caller: Caller) async throws -> (query: ResultQuery, timeline: [ResultQueryEvent]) {
        try authorise(caller, .listEnquiries)
        let scope = access.enquiryScope(for: caller)
        let found = try await database.read { db -> (ResultQuery, [ResultQueryEvent])? in
            guard let query = try await queries.find(id, scope: scope, on: db) else { return nil }
            return (query, try await queries.timeline(of: id, on: db))
        }
        guard let found else { throw ResultQueryError.notFound(id) }
        return found
    }

    /// The queries `caller` may see, narrowed by `filter`, in its order (newest first unless it
    /// says otherwise).
    public func list(_ filter: ResultQueries.Filter = .init(), page: Page, for caller: Caller) async throws -> PageOf<ResultQuery> {
        try authorise(caller, .listEnquiries)
        let scope = access.enquiryScope(for: caller)
        return try await database.read { try await queries.list(scope: scope, filter: filter, page: page, on: $0) }
    }

    /// Resolves a query with `answer`. A correction grades the mark by the series' boundaries
    /// for the component and revises the result (with its history, and withdrawing the
    /// indicators the query answers) in the same transaction that makes the resolution
    /// final, with the job that emails the centre; a second resolution is refused.
    public func resolve(_ id: String, _ answer: ResultQueryAnswer, by caller: Caller) async throws -> ResultQuery {
        try authorise(caller, .decideEnquiries)
        let now = clock.now
        return try await database.transaction { db in
            guard let query = try await queries.find(id, scope: .everyCentre, on: db) else { throw ResultQueryError.notFound(id) }
            guard query.status == .received else { throw ResultQueryError.resolvedFinal }
            let key = ResultKey(series: query.series, centre: query.centre, candidate: query.candidate, component: query.component)
            let resolution: ResultQueryResolution
            var withIndicators: [ResultIndicator]?
            switch answer {
            case .explain(let reason):
                do throws(ResultQueryResolutionError) {
                    resolution = try .explained(reason, at: now)
                } catch {
                    throw ResultQueryError.badResolution(error)
                }
            case .correct(let mark, let reason):
                guard
                    let result = try await reference.result(
                        series: key.series,
                        centre: key.centre,
                        candidate: key.candidate,
                        component: key.component,
                        on: db
                    )
                else { throw ResultQueryError.refused(.noEntry) }
                guard
                    let component = try await reference.component(query.component, on: db),
                    let boundaries = try await history.boundaries(series: query.series, component: query.component, on: db)
                else { throw ResultQueryError.noBoundaries(query.component) }
                do throws(ResultQueryResolutionError) {
                    let correction = try ResultCorrection(
                        previousMark: result.mark,
                        previousGrade: result.grade,
                        mark: mark,
                        maxMark: component.maxMark,
                        boundaries: boundaries,
                        reason: reason
                    )
                    resolution = ResultQueryResolution(outcome: .corrected(correction), resolvedAt: now)
                } catch {
                    throw ResultQueryError.badResolution(error)
                }
                withIndicators = query.indicators(afterCorrecting: result.indicators)
            }
            guard try await queries.resolve(id, resolution: resolution, event: Self.event(resolution), on: db) else {
                throw ResultQueryError.resolvedFinal
            }
            if let correction = resolution.correction, let withIndicators {
                let revision = try await history.revise(
                    key,
                    mark: correction.mark,
                    grade: correction.grade,
                    reason: correction.reason,
                    cause: .missingResult,
                    causeID: query.id,
                    at: now,
                    on: db
                )
                _ = try await history.setIndicators(withIndicators, of: key, on: db)
                try await StatementIssue.follow(revision, of: key, queue: queue, in: db, now: now)
            }
            var resolved = query
            resolved.status = .resolved
            resolved.resolution = resolution
            _ = try await queue.enqueue(
                try OutcomeMail.job(
                    .queryResolution,
                    id: resolved.id,
                    centre: resolved.centre,
                    candidate: resolved.candidate,
                    component: resolved.component
                ),
                in: db,
                now: now
            )
            return resolved
        }
    }

    /// The timeline entry of `resolution`.
    static func event(_ resolution: ResultQueryResolution) -> ResultQueryEvent {
        let detail: String
        switch resolution.outcome {
        case .corrected(let correction):
            detail =
                "Corrected: mark \(ResultQueryLetter.mark(correction.previousMark)) to \(correction.mark), "
                + "grade \(correction.previousGrade ?? "none") to \(correction.grade). \(correction.reason)"
        case .explained(let reason):
            detail = "Explained: the result stands. \(reason)"
        }
        return ResultQueryEvent(at: resolution.resolvedAt, status: .resolved, detail: detail)
    }

    /// `action` authorised for `caller`; the actions asked here refuse by role only.
    private func authorise(_ caller: Caller, _ action: AccessPolicy.Action) throws(ResultQueryError) {
        if let reason = access.refusal(of: caller, action) { throw .forbidden(reason) }
    }
}
