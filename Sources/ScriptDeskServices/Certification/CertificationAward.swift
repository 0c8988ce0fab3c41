import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore

/// The job that awards an accepted late certification: the cash-in of the marks the
/// candidate holds, graded by the series' subject boundaries, recorded in the transaction
/// that makes it final, with the jobs that email the centre and make the revised statement
/// of results. A request withdrawn before it runs is left as it is; one awarded already is
/// not awarded twice.
public struct CertificationAward: JobHandler {
    /// The job kind in the queue.
    public static let kind = "certification.award"

    let database: Database
    let queue: any JobQueue
    let clock: WallClock
    private let certifications = Certifications()
    private let subjects = Subjects()

    /// Awards requests kept in `database`, enqueueing what follows on `queue`.
    public init(database: Database, queue: any JobQueue, clock: WallClock) {
        self.database = database
        self.queue = queue
        self.clock = clock
    }

    private struct Payload: Codable {
        var id: String
    }

    /// The job that awards `request`, in the standard lane.
    static func job(for request: Certification) throws -> NewJob {
        NewJob(
            kind: kind,
            lane: .standard,
            payload: String(decoding: try JSONEncoder().encode(Payload(id: request.id)), as: UTF8.self),
            uniqueKey: "\(kind):\(request.id)",
            about: JobSubject(centre: request.centre.rawValue, candidate: request.candidate.rawValue, component: request.subject)
        )
    }

    /// Awards the job's request, or leaves it when it is no longer waiting.
    public func run(_ job: ClaimedJob) async throws {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)) else {
            throw JobFailure(code: "job.bad_payload", message: "The job's payload does not name a certification request.", isTransient: false)
        }
        let now = clock.now
        try await database.transaction { db in
            guard let request = try await certifications.find(payload.id, scope: .everyCentre, on: db) else {
                throw JobFailure(code: "certification.not_found", message: "There is no certification request \(payload.id).", isTransient: false)
            }
            guard request.status == .requested else { return }
            let award = try await self.award(request, on: db)
            guard try await certifications.award(request.id, award, at: now, on: db) else { return }
            var awarded = request
            awarded.status = .awarded
            awarded.award = award
            awarded.awardedAt = now
            _ = try await queue.enqueue(
                try OutcomeMail.job(
                    .certificationAward,
                    id: request.id,
                    centre: request.centre,
                    candidate: request.candidate,
                    component: request.subject
                ),
                in: db,
                now: now
            )
            try await StatementIssue.revised(
                series: request.series,
                centre: request.centre,
                candidate: request.candidate,
                cause: .certification,
                causeID: request.id,
                queue: queue,
                in: db,
                now: now
            )
        }
    }

    /// The cash-in of what the candidate holds now, graded by the series' subject boundaries.
    private func award(_ request: Certification, on db: StoreConnection) async throws -> CashIn.Award {
        guard let subject = try await subjects.find(request.subject, on: db) else {
            throw JobFailure(code: "certification.unknown_subject", message: "There is no subject \(request.subject).", isTransient: false)
        }
        guard let boundaries = try await subjects.boundaries(series: request.series, subject: subject.code, on: db) else {
            let error = CertificationError.noBoundaries(subject: subject.code, series: request.series)
            throw JobFailure(code: error.code, message: error.message, isTransient: false)
        }
        let holding = try await HeldMarks.load(subject, series: request.series, centre: request.centre, candidate: request.candidate, on: db)
        let held = holding.first?.held ?? [:]
        guard let award = CashIn.award(subject, holding: held, boundaries: boundaries) else {
            let missing = subject.parts.map(\.component).filter { held[$0] == nil }
            let refusal = CertificationRefusal.componentsMissing(missing)
            throw JobFailure(code: refusal.code, message: refusal.message, isTransient: false)
        }
        return award
    }

    /// Nothing waits on the award: the request stays requested, and the dead job is on the console.
    public func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}
}
