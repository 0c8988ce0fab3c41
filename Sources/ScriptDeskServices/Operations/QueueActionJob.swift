import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore

/// A large retry or cancel, worked through in the background a slice at a time: each slice
/// is the next few hundred matching jobs by id, changed in one transaction of its own (each
/// handler told first, as for any retry or cancel), after which the action's row records the
/// figures and how far it has gone. Workers go on claiming between slices, and a run cut short
/// carries on from the last slice recorded. It waits in the priority lane, so an operator's
/// action does not queue behind the backlog it is meant to clear.
public struct QueueActionJob: JobHandler {
    /// The job kind in the queue.
    public static let kind = "queue.action"

    /// The job's input.
    struct Payload: Codable {
        /// The action in `queue_actions`.
        var action: Int64
    }

    let queue: any JobQueue
    let database: Database
    /// The handlers of the jobs acted on.
    let handlers: [String: any JobHandler]
    let clock: WallClock
    private let console: QueueConsole
    private let log = QueueActionLog()

    /// Works through actions on `queue` in `database`, telling `handlers` of each job changed.
    public init(queue: any JobQueue, database: Database, handlers: [String: any JobHandler], clock: WallClock) {
        self.queue = queue
        self.database = database
        self.handlers = handlers
        self.clock = clock
        console = QueueConsole(database: database)
    }

    /// The job that works through action `id`.
    static func job(for id: Int64) throws -> NewJob {
        NewJob(
            kind: kind,
            lane: .priority,
            payload: String(decoding: try JSONEncoder().encode(Payload(action: id)), as: UTF8.self),
            uniqueKey: "\(kind):\(id)",
            maxAttempts: 5
        )
    }

    /// Changes the next slice until none is left, then marks the action done.
    public func run(_ job: ClaimedJob) async throws {
        let id = try Self.action(of: job.payload)
        while true {
            try Task.checkCancellation()
            guard let (action, cursor) = try await database.read({ try await log.find(id, on: $0) }), action.state == .running,
                let search = action.target.search, let control = JobControl(action.kind)
            else { return }
            let ids = try await console.ids(search, after: cursor, limit: QueueOperations.sliceSize)
            guard let last = ids.last else {
                let now = clock.now
                try await database.transaction { try await log.finish(id, as: .done, note: nil, at: now, on: $0) }
                return
            }
            let outcome = try await queue.control(
                control,
                JobFilter(ids: ids, states: search.states),
                limit: ids.count,
                now: clock.now,
                onControl: handlers.controlRecorder
            )
            try await database.transaction { db in
                try await log.progress(id, changed: outcome.changed.count, skipped: outcome.skipped.count, cursor: last, on: db)
            }
        }
    }

    /// The action stops, with the reason on its row.
    public func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {
        guard let id = try? Self.action(of: job.payload) else { return }
        try await log.finish(id, as: .failed, note: "\(failure.code): \(failure.message)", at: clock.now, on: transaction)
    }

    /// A retry carries a stopped action on from where it stopped; a cancel stops it.
    public func jobControlled(_ job: JobRecord, action: JobControl, in transaction: StoreConnection) async throws {
        guard let id = try? Self.action(of: job.payload) else { return }
        switch action {
        case .retry: try await log.reopen(id, on: transaction)
        case .cancel: try await log.finish(id, as: .failed, note: "Stopped by operations.", at: clock.now, on: transaction)
        }
    }

    static func action(of payload: String) throws -> Int64 {
        guard let decoded = try? JSONDecoder().decode(Payload.self, from: Data(payload.utf8)) else {
            throw JobFailure(code: "job.bad_payload", message: "The job's payload is not a queue-action payload.", isTransient: false)
        }
        return decoded.action
    }
}

extension JobControl {
    /// The control a retry or cancel action does; `nil` for other actions.
    init?(_ kind: QueueAction.Kind) {
        switch kind {
        case .retry: self = .retry
        case .cancel: self = .cancel
        case .pause, .resume, .concurrency: return nil
        }
    }
}
