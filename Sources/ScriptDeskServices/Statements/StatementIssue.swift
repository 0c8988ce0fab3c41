public import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore

/// Enqueues the job that makes a candidate's statement of results, in the caller's
/// transaction: with the results (the first statement), and with every revision of a
/// result or award of a subject grade, so a revised statement follows each by itself.
public enum StatementIssue {
    /// The job kind in the queue.
    public static let kind = "statement.make"

    struct Payload: Codable {
        var series: String
        var centre: String
        var candidate: String
        var cause: Statement.Cause
        var causeID: String
    }

    /// The job that makes the statement `causeID` gives rise to.
    static func job(series: String, centre: CentreNumber, candidate: CandidateNumber, cause: Statement.Cause, causeID: String) throws -> NewJob {
        let payload = Payload(series: series, centre: centre.rawValue, candidate: candidate.rawValue, cause: cause, causeID: causeID)
        return NewJob(
            kind: kind,
            lane: .standard,
            payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self),
            uniqueKey: "\(kind):\(series):\(centre.rawValue):\(candidate.rawValue):\(causeID)",
            about: JobSubject(centre: centre.rawValue, candidate: candidate.rawValue, component: nil)
        )
    }

    /// Enqueues the revised statement that `cause` (`causeID`) makes for the candidate.
    public static func revised(
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber,
        cause: Statement.Cause,
        causeID: String,
        queue: any JobQueue,
        in db: StoreConnection,
        now: Date
    ) async throws {
        _ = try await queue.enqueue(
            try job(series: series, centre: centre, candidate: candidate, cause: cause, causeID: causeID),
            in: db,
            now: now
        )
    }

    /// Enqueues the revised statement that follows `revision` of `result`; nothing when
    /// there was no revision (the mark and grade stood).
    public static func follow(_ revision: ResultRevision?, of result: ResultKey, queue: any JobQueue, in db: StoreConnection, now: Date) async throws
    {
        guard let revision, let causeID = revision.causeID else { return }
        try await revised(
            series: result.series,
            centre: result.centre,
            candidate: result.candidate,
            cause: Statement.Cause(revision.cause),
            causeID: causeID,
            queue: queue,
            in: db,
            now: now
        )
    }

    /// Enqueues the statements of results as issued for every candidate in `candidates`
    /// (a results-day run), in batches of the caller's transaction.
    public static func issue(
        series: String,
        candidates: [(centre: CentreNumber, candidate: CandidateNumber)],
        queue: any JobQueue,
        in db: StoreConnection,
        now: Date
    ) async throws {
        let jobs = try candidates.map { try job(series: series, centre: $0.centre, candidate: $0.candidate, cause: .issued, causeID: series) }
        _ = try await queue.enqueue(jobs, in: db, now: now)
    }
}
