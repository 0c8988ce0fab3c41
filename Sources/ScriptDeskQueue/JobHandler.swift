import SQLKit

/// Does the work of one kind of job.
public protocol JobHandler: Sendable {
    /// Runs a job. Throw a `ClassifiedError` to say whether another attempt may help.
    /// When the worker's lease is lost, the task is cancelled: stop promptly.
    func run(_ job: ClaimedJob) async throws

    /// Called once when a job is dead (permanent failure, no attempts left, or its worker
    /// lost every time), inside the transaction that makes it dead, so the handler can tell
    /// whoever waits on it. Throwing rolls the death back; the job is then tried again.
    func jobDied(_ job: ClaimedJob, failure: JobFailure, on db: any SQLDatabase) async throws
}
