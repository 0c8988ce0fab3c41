import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue

/// What operations do to the job queue while it runs: watch it, retry or cancel jobs, pause
/// and resume lanes, and change how many slots worker processes run. The API and the command
/// line call the same methods, and the access policy decides who may.
public struct QueueOperations: Sendable {
    let queue: any JobQueue
    /// The handlers of every kind of job: each hears of a retry or cancel of its jobs first.
    let handlers: [String: any JobHandler]
    let access: AccessPolicy
    let clock: WallClock

    /// Acts on `queue` for the callers `access` allows; `handlers` hear of a retry or cancel of
    /// their jobs first.
    public init(queue: any JobQueue, handlers: [String: any JobHandler], access: AccessPolicy, clock: WallClock) {
        self.queue = queue
        self.handlers = handlers
        self.access = access
        self.clock = clock
    }

    /// The monitor's view, with up to `deadLimit` of the newest dead jobs.
    public func snapshot(for caller: Caller, deadLimit: Int = 50) async throws -> QueueSnapshot {
        try access.authorise(caller, .watchQueue)
        return try await queue.snapshot(now: clock.now, deadLimit: deadLimit)
    }

    /// Retries or cancels up to `limit` waiting or dead jobs matching `filter`.
    public func control(_ action: JobControl, _ filter: JobFilter, limit: Int, by caller: Caller) async throws -> JobControlOutcome {
        try access.authorise(caller, .operateQueue)
        return try await queue.control(action, filter, limit: limit, now: clock.now, onControl: handlers.controlRecorder)
    }

    /// Pauses or resumes `lane` in every process.
    public func setPaused(_ lane: Lane, _ paused: Bool, by caller: Caller) async throws {
        try access.authorise(caller, .operateQueue)
        try await queue.setPaused(lane, paused, now: clock.now)
    }

    /// Asks one worker process (or every live one) to run `slots` slots; returns those asked.
    public func setConcurrency(_ slots: Int, worker: String?, by caller: Caller) async throws -> [String] {
        try access.authorise(caller, .operateQueue)
        return try await queue.setConcurrency(slots, worker: worker, now: clock.now)
    }
}
