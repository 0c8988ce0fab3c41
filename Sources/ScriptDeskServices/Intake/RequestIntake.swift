import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore

/// Accepts script requests: checks who may ask, then the rules, then writes the request and
/// its job in one transaction, so there is never a request without a job or a job without a
/// request.
public struct RequestIntake: Sendable {
    let database: Database
    let queue: any JobQueue
    let rules: Policy
    let access: AccessPolicy
    let clock: WallClock
    private let reference = ReferenceData()
    private let requests = ScriptRequests()

    /// Records requests in `database` with their jobs on `queue`, under the rules of `rules`
    /// and the access policy `access`.
    public init(database: Database, queue: any JobQueue, rules: Policy, access: AccessPolicy, clock: WallClock) {
        self.database = database
        self.queue = queue
        self.rules = rules
        self.access = access
        self.clock = clock
    }

    /// The outcome: the request, and whether it is new or an identical live one already queued.
    public struct Accepted: Sendable {
        /// The request as stored: the new one, or the live one it repeats.
        public var request: ScriptRequest
        /// Whether the request was made now; `false` when an identical one was already in
        /// progress.
        public var isNew: Bool
    }

    /// Checks and records a submission made by `caller`.
    public func submit(_ submission: ScriptRequestSubmission, by caller: Caller) async throws -> Accepted {
        let now = clock.now
        let request = try makeRequest(submission, by: caller, now: now)
        return try await database.transaction { db in
            let decision = try await decide(request, submission: submission, now: now, on: db)
            return try await record(request, decision: decision, now: now, on: db)
        }
    }

    /// The most rows one bulk submission holds.
    public static let bulkLimit = 2_000

    /// Checks every one of `submissions` before anything is written: if any is refused,
    /// nothing is recorded and the error lists each refusal by its place in the list (from
    /// zero); otherwise all are recorded in one transaction.
    public func submitAll(_ submissions: [ScriptRequestSubmission], by caller: Caller) async throws -> [Accepted] {
        guard submissions.count <= Self.bulkLimit else { throw BulkIntakeError.tooMany(limit: Self.bulkLimit) }
        guard !submissions.isEmpty else { throw BulkIntakeError.empty }
        let now = clock.now
        var refusals: [BulkIntakeError.Refusal] = []
        var made: [(Int, ScriptRequest)] = []
        for (index, submission) in submissions.enumerated() {
            do {
                made.append((index, try makeRequest(submission, by: caller, now: now)))
            } catch let error as IntakeError {
                refusals.append(.init(index: index, error: error))
            }
        }
        let checked = refusals
        let ready = made
        return try await database.transaction { db in
            var refusals = checked
            var decided: [(ScriptRequest, ScriptRequestDecision)] = []
            for (index, request) in ready {
                do {
                    decided.append((request, try await decide(request, submission: submissions[index], now: now, on: db)))
                } catch let error as IntakeError {
                    refusals.append(.init(index: index, error: error))
                }
            }
            guard refusals.isEmpty else { throw BulkIntakeError.refused(refusals.sorted { $0.index < $1.index }) }
            var accepted: [Accepted] = []
            for (request, decision) in decided { accepted.append(try await record(request, decision: decision, now: now, on: db)) }
            return accepted
        }
    }

    /// The request `submission` would make, once the caller may ask for it.
    private func makeRequest(_ submission: ScriptRequestSubmission, by caller: Caller, now: Date) throws -> ScriptRequest {
        let centre: CentreNumber
        do {
            centre = try access.requestingCentre(for: caller, kind: submission.kind, component: submission.component)
        } catch {
            throw IntakeError.forbidden(error.message)
        }
        return ScriptRequest(
            id: UUID().uuidString.lowercased(),
            series: submission.series,
            centre: centre,
            candidate: try candidateNumber(submission.candidate),
            component: submission.component,
            kind: submission.kind,
            consent: submission.consent,
            requestedBy: caller.id,
            status: .queued,
            createdAt: now,
            updatedAt: now
        )
    }

    /// Records an accepted request and its job, unless an identical one is already live.
    private func record(_ request: ScriptRequest, decision: ScriptRequestDecision, now: Date, on db: StoreConnection) async throws -> Accepted {
        if let existing = try await requests.live(matching: request, on: db) {
            return Accepted(request: existing, isNew: false)
        }
        let detail =
            decision.notBefore.map { "Requested; the copy will be produced after \(ISO8601.string(from: $0))" }
            ?? "Requested and queued (\(request.kind == .priority ? "priority" : "standard") lane)"
        try await requests.insert(request, event: RequestEvent(at: now, status: .queued, detail: detail), on: db)
        _ = try await queue.enqueue(ScriptCopyJob.job(for: request, notBefore: decision.notBefore), in: db, now: now)
        return Accepted(request: request, isNew: true)
    }

    private func candidateNumber(_ text: String) throws -> CandidateNumber {
        guard let number = CandidateNumber(text) else { throw IntakeError.unknownCandidate(text) }
        return number
    }

    private func decide(
        _ request: ScriptRequest,
        submission: ScriptRequestSubmission,
        now: Date,
        on db: StoreConnection
    ) async throws -> ScriptRequestDecision {
        guard let series = try await reference.series(request.series, on: db) else { throw IntakeError.unknownSeries(request.series) }
        guard let component = try await reference.component(request.component, on: db) else {
            throw IntakeError.unknownComponent(request.component)
        }
        guard try await reference.candidate(request.candidate, of: request.centre, on: db) != nil else {
            throw IntakeError.unknownCandidate(request.candidate.rawValue)
        }
        guard
            let result = try await reference.result(
                series: series.code,
                centre: request.centre,
                candidate: request.candidate,
                component: component.code,
                on: db
            )
        else { throw IntakeError.noResult }
        let script = try await reference.script(
            series: series.code,
            centre: request.centre,
            candidate: request.candidate,
            component: component.code,
            on: db
        )
        let facts = ScriptRequestRules.Facts(
            kind: request.kind,
            qualification: component.qualification,
            result: result,
            scriptHeld: script != nil,
            consent: submission.consent,
            calendar: series.calendar
        )
        do {
            return try ScriptRequestRules.decide(facts, policy: rules, now: now)
        } catch {
            throw IntakeError.refused(error)
        }
    }
}
