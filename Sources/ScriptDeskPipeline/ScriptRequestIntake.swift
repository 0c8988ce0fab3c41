import Foundation
import SQLKit
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskStore

/// Accepts script requests: checks the rules, then writes the request and its job in one
/// transaction, so there is never a request without a job or a job without a request.
public struct ScriptRequestIntake: Sendable {
    let pipeline: Pipeline
    private let reference = ReferenceData()
    private let requests = ScriptRequests()

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    /// The outcome: the request, and whether it is new or an identical live one already queued.
    public struct Accepted: Sendable {
        public var request: ScriptRequest
        public var isNew: Bool
    }

    /// Checks and records a submission made by `user`.
    public func submit(_ submission: ScriptRequestSubmission, by user: User) async throws -> Accepted {
        guard let centre = user.centre, user.role == .examsOfficer || (user.role == .teacher && submission.kind == .nonPriority) else {
            throw IntakeError.forbidden(
                user.role == .teacher
                    ? "Teachers may request copies for teaching only; priority copies are requested by the exams officer."
                    : "Only a centre's exams officer (or a teacher, for teaching copies) may request script copies."
            )
        }
        let now = pipeline.now()
        let request = ScriptRequest(
            id: UUID().uuidString.lowercased(),
            series: submission.series,
            centre: centre,
            candidate: try candidateNumber(submission.candidate),
            component: submission.component,
            kind: submission.kind,
            consent: submission.consent,
            requestedBy: user.id,
            status: .queued,
            createdAt: now,
            updatedAt: now
        )
        let accepted = try await pipeline.database.transaction { db in
            let decision = try await decide(request, submission: submission, now: now, on: db)
            if let existing = try await requests.live(matching: request, on: db) {
                return Accepted(request: existing, isNew: false)
            }
            let detail =
                decision.notBefore.map { "Requested; the copy will be produced after \(ISO8601.string(from: $0))" }
                ?? "Requested and queued (\(request.kind == .priority ? "priority" : "standard") lane)"
            try await requests.insert(request, event: RequestEvent(at: now, status: .queued, detail: detail), on: db)
            let job = NewJob(
                kind: ScriptCopyJob.kind,
                lane: request.kind == .priority ? .priority : .standard,
                payload: String(decoding: try JSONEncoder().encode(ScriptCopyJob.Payload(requestID: request.id)), as: UTF8.self),
                uniqueKey: "script-copy:\(request.id)",
                runAt: decision.notBefore
            )
            _ = try await pipeline.queue.enqueue(job, on: db, now: now)
            return Accepted(request: request, isNew: true)
        }
        if accepted.isNew { pipeline.queue.doorbell.ring() }
        return accepted
    }

    private func candidateNumber(_ text: String) throws -> CandidateNumber {
        guard let number = CandidateNumber(text) else { throw IntakeError.unknownCandidate(text) }
        return number
    }

    private func decide(
        _ request: ScriptRequest,
        submission: ScriptRequestSubmission,
        now: Date,
        on db: any SQLDatabase
    ) async throws
        -> ScriptRequestDecision
    {
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
            return try ScriptRequestRules.decide(facts, policy: pipeline.policy, now: now)
        } catch {
            throw IntakeError.refused(error)
        }
    }
}
