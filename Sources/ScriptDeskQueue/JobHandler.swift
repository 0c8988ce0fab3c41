public import ScriptDeskStore

/// Does the work of one kind of job.
public protocol JobHandler: Sendable {
    /// Runs a job. Throw a `ClassifiedError` to say whether another attempt may help.
    /// When the worker's lease is lost, the task is cancelled: stop promptly.
    func run(_ job: ClaimedJob) async throws

    /// Called once when a job is dead (permanent failure, no attempts left, or its worker
    /// lost every time), inside the transaction that makes it dead, so the handler can tell
    /// whoever waits on it. Throwing rolls the death back; the job is then tried again.
    func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws

    /// Called when operations retry or cancel the job, inside the transaction that does it and
    /// before the job changes: reopen or settle whatever waits on the job, or throw
    /// `JobControlRefused` to leave the job as it is.
    func jobControlled(_ job: JobRecord, action: JobControl, in transaction: StoreConnection) async throws
}

extension JobHandler {
    /// Nothing waits on the job: any retry or cancel goes ahead.
    public func jobControlled(_ job: JobRecord, action: JobControl, in transaction: StoreConnection) async throws {}
}

extension Dictionary where Key == String, Value == any JobHandler {
    /// Tells a dead job's handler, inside the transaction that makes it dead.
    public var deathRecorder: DeathRecorder {
        { job, failure, transaction in try await self[job.kind]?.jobDied(job, failure: failure, in: transaction) }
    }

    /// Tells a job's handler about a retry or cancel, inside the transaction that does it.
    public var controlRecorder: ControlRecorder {
        { job, action, transaction in try await self[job.kind]?.jobControlled(job, action: action, in: transaction) }
    }
}
