import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore

/// What operations do to the job queue while it runs: watch it, retry or cancel jobs, pause
/// and resume lanes, and change how many slots worker processes run. The API, the command
/// line and the console call the same methods, the access policy decides who may, and every
/// change is written to the audit with who made it, from where, and how many jobs it changed.
public struct QueueOperations: Sendable {
    let queue: any JobQueue
    let database: Database
    /// The handlers of every kind of job: each hears of a retry or cancel of its jobs first.
    let handlers: [String: any JobHandler]
    let access: AccessPolicy
    let clock: WallClock
    private let console: QueueConsole
    private let log = QueueActionLog()

    /// A retry or cancel matching more jobs than this runs in the background, a slice at a time.
    public static let inlineLimit = 1_000
    /// Jobs a background action changes per transaction.
    public static let sliceSize = 500

    /// Acts on `queue` (kept in `database`) for the callers `access` allows; `handlers` hear of
    /// a retry or cancel of their jobs first.
    public init(queue: any JobQueue, database: Database, handlers: [String: any JobHandler], access: AccessPolicy, clock: WallClock) {
        self.queue = queue
        self.database = database
        self.handlers = handlers
        self.access = access
        self.clock = clock
        console = QueueConsole(database: database)
    }

    /// The monitor's view, with up to `deadLimit` of the newest dead jobs.
    public func snapshot(for caller: Caller, deadLimit: Int = 50) async throws -> QueueSnapshot {
        try access.authorise(caller, .watchQueue)
        return try await queue.snapshot(now: clock.now, deadLimit: deadLimit)
    }

    /// Retries or cancels up to `limit` waiting or dead jobs matching `filter`, at once, and
    /// records it in the audit.
    public func control(
        _ action: JobControl,
        _ filter: JobFilter,
        limit: Int,
        by caller: Caller,
        from address: String? = nil
    ) async throws -> JobControlOutcome {
        try access.authorise(caller, .operateQueue)
        let search = JobSearch(ids: filter.ids, states: filter.states, lane: filter.lane, kind: filter.kind, errorCode: filter.errorCode)
        let id = try await record(QueueAction.Kind(action), target: .init(search: search), by: caller, from: address, matched: nil, state: .running)
        let outcome = try await queue.control(action, filter, limit: limit, now: clock.now, onControl: handlers.controlRecorder)
        try await settle(id, outcome: outcome)
        return outcome
    }

    /// How many jobs a retry or cancel of `search` would look at: its waiting and dead jobs.
    public func preview(_ search: JobSearch, by caller: Caller) async throws -> Int {
        try access.authorise(caller, .operateQueue)
        return try await console.count(try Self.controllable(search))
    }

    /// Retries or cancels every waiting or dead job matching `search`: at once when it matches
    /// at most `inlineLimit`, otherwise as a background job that works through them a slice
    /// at a time, its progress on the returned action. Recorded in the audit either way.
    public func act(_ action: JobControl, on search: JobSearch, by caller: Caller, from address: String?) async throws -> QueueAction {
        try access.authorise(caller, .operateQueue)
        let search = try Self.controllable(search)
        let matched = try await console.count(search)
        if matched <= Self.inlineLimit {
            let ids = try await console.ids(search, after: 0, limit: Self.inlineLimit)
            let id = try await record(
                QueueAction.Kind(action),
                target: .init(search: search),
                by: caller,
                from: address,
                matched: matched,
                state: .running
            )
            let filter = JobFilter(ids: ids, states: search.states)
            let outcome = try await queue.control(action, filter, limit: ids.count, now: clock.now, onControl: handlers.controlRecorder)
            try await settle(id, outcome: outcome)
            return try await self.action(id)
        }
        let now = clock.now
        let id = try await database.transaction { db in
            let id = try await log.record(
                QueueAction.Kind(action),
                target: .init(search: search),
                actorID: caller.id,
                actorName: caller.name,
                address: address,
                matched: matched,
                state: .running,
                at: now,
                on: db
            )
            let job = try await queue.enqueue(QueueActionJob.job(for: id), in: db, now: now)
            try await log.attach(job: job, to: id, on: db)
            return id
        }
        return try await self.action(id)
    }

    /// Pauses or resumes `lane` in every process.
    public func setPaused(_ lane: Lane, _ paused: Bool, by caller: Caller, from address: String? = nil) async throws {
        try access.authorise(caller, .operateQueue)
        try await queue.setPaused(lane, paused, now: clock.now)
        _ = try await record(paused ? .pause : .resume, target: .init(lane: lane), by: caller, from: address, matched: 0, state: .done)
    }

    /// Asks one worker process (or every live one) to run `slots` slots; returns those asked.
    public func setConcurrency(_ slots: Int, worker: String?, by caller: Caller, from address: String? = nil) async throws -> [String] {
        try access.authorise(caller, .operateQueue)
        let asked = try await queue.setConcurrency(slots, worker: worker, now: clock.now)
        _ = try await record(.concurrency, target: .init(slots: slots, worker: worker), by: caller, from: address, matched: asked.count, state: .done)
        return asked
    }

    /// Up to `limit` recorded actions numbered below `before`, newest first.
    public func actions(before: Int64?, limit: Int, by caller: Caller) async throws -> [QueueAction] {
        try access.authorise(caller, .watchQueue)
        return try await database.read { try await log.list(before: before, limit: limit, on: $0) }
    }

    /// Recorded action `id`, or `nil`.
    public func action(_ id: Int64, by caller: Caller) async throws -> QueueAction? {
        try access.authorise(caller, .watchQueue)
        return try await database.read { try await log.find(id, on: $0)?.action }
    }

    private func action(_ id: Int64) async throws -> QueueAction {
        guard let found = try await database.read({ try await log.find(id, on: $0) }) else {
            throw StoreError.missing(what: "Queue action \(id)")
        }
        return found.action
    }

    private func record(
        _ kind: QueueAction.Kind,
        target: QueueAction.Target,
        by caller: Caller,
        from address: String?,
        matched: Int?,
        state: QueueAction.State
    ) async throws -> Int64 {
        let now = clock.now
        return try await database.transaction { db in
            try await log.record(
                kind,
                target: target,
                actorID: caller.id,
                actorName: caller.name,
                address: address,
                matched: matched ?? 0,
                state: state,
                at: now,
                on: db
            )
        }
    }

    private func settle(_ id: Int64, outcome: JobControlOutcome) async throws {
        let now = clock.now
        try await database.transaction { db in
            try await log.settle(id, changed: outcome.changed.count, skipped: outcome.skipped.count, on: db)
            try await log.finish(id, as: .done, note: Self.note(outcome), at: now, on: db)
        }
    }

    /// The first reasons jobs were left, for the audit.
    static func note(_ outcome: JobControlOutcome) -> String? {
        guard let first = outcome.skipped.first else { return nil }
        let more = outcome.skipped.count - 1
        return "Job #\(first.id): \(first.reason)" + (more > 0 ? " (and \(more) more left as they were)" : "")
    }

    /// `search` narrowed to the states a retry or cancel acts on (waiting and dead, or those of
    /// them it names); refused when nothing narrows it or it names only other states.
    public static func controllable(_ search: JobSearch) throws -> JobSearch {
        guard !search.isEverything else { throw JobControlError.unfiltered }
        let controllable: Set<JobState> = [.waiting, .dead]
        if search.states.isDisjoint(with: controllable), let other = search.states.map(\.rawValue).sorted().first {
            throw JobControlError.stateNotControllable(other)
        }
        var narrowed = search
        narrowed.states = search.states.isEmpty ? controllable : search.states.intersection(controllable)
        return narrowed
    }
}

extension QueueAction.Kind {
    /// The kind of a retry or cancel.
    init(_ control: JobControl) {
        switch control {
        case .retry: self = .retry
        case .cancel: self = .cancel
        }
    }
}
