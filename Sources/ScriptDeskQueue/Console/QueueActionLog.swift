public import Foundation
import SQLKit
public import ScriptDeskStore

/// An operator's action on the queue, as the audit lists it: who, when, from which address,
/// what, on which jobs or lane, and how many jobs it changed. A large retry or cancel runs as
/// a background job of its own, and its row carries the progress.
public struct QueueAction: Sendable, Hashable {
    /// What was done.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Retried jobs.
        case retry
        /// Cancelled jobs.
        case cancel
        /// Paused a lane.
        case pause
        /// Resumed a lane.
        case resume
        /// Changed worker slots.
        case concurrency
    }

    /// Where it stands.
    public enum State: String, Sendable, Codable {
        /// Still working through the jobs, in the background.
        case running
        /// Finished.
        case done
        /// Stopped by an error; `note` says which.
        case failed
    }

    /// What it acted on.
    public struct Target: Sendable, Hashable, Codable {
        /// The jobs, for a retry or cancel.
        public var search: JobSearch?
        /// The lane, for a pause or resume.
        public var lane: Lane?
        /// The slots asked for, for a concurrency change.
        public var slots: Int?
        /// The worker asked (`nil`: every live one), for a concurrency change.
        public var worker: String?

        /// A target with the parts given.
        public init(search: JobSearch? = nil, lane: Lane? = nil, slots: Int? = nil, worker: String? = nil) {
            self.search = search
            self.lane = lane
            self.slots = slots
            self.worker = worker
        }
    }

    /// Its number.
    public var id: Int64
    /// The user who acted.
    public var actorID: String
    /// How they are named in the audit.
    public var actorName: String
    /// The client address they acted from, when known.
    public var address: String?
    /// What was done.
    public var kind: Kind
    /// On what.
    public var target: Target
    /// Where it stands.
    public var state: State
    /// Jobs that matched when it was asked for.
    public var matched: Int
    /// Jobs changed so far.
    public var changed: Int
    /// Jobs left as they were (a handler's refusal, or a live job doing the same work).
    public var skipped: Int
    /// The background job working through it, for a large one.
    public var jobID: Int64?
    /// When it was asked for.
    public var requestedAt: Date
    /// When it finished.
    public var finishedAt: Date?
    /// What went wrong, or a word on what happened.
    public var note: String?
}

/// The `queue_actions` table: the audit of operator actions and the progress of large ones.
public struct QueueActionLog: Sendable {
    /// The log.
    public init() {}

    /// Records an action asked for now by `actor`; returns its number.
    public func record(
        _ kind: QueueAction.Kind,
        target: QueueAction.Target,
        actorID: String,
        actorName: String,
        address: String?,
        matched: Int,
        state: QueueAction.State,
        at now: Date,
        on db: StoreConnection
    ) async throws -> Int64 {
        let row = try await db.raw(
            """
            INSERT INTO queue_actions (actor_id, actor_name, address, action, target, state, matched, requested_at, finished_at)
            VALUES (\(bind: actorID), \(bind: actorName), \(bind: address), \(bind: kind.rawValue), \(bind: try Self.text(target)),
                \(bind: state.rawValue), \(bind: matched), \(bind: SQLTime.text(now)), \(bind: state == .running ? nil : SQLTime.text(now)))
            RETURNING id
            """
        ).first()
        guard let row else { throw StoreError.missing(what: "The new queue action's id") }
        return Int64(try row.int("id"))
    }

    /// Adds a slice's figures to a running action and moves its cursor past `cursor`.
    public func progress(_ id: Int64, changed: Int, skipped: Int, cursor: Int64, on db: StoreConnection) async throws {
        try await db.raw(
            """
            UPDATE queue_actions SET changed = changed + \(bind: changed), skipped = skipped + \(bind: skipped), cursor_id = \(bind: cursor)
            WHERE id = \(bind: id) AND state = 'running'
            """
        ).run()
    }

    /// Sets the figures of an action done at once.
    public func settle(_ id: Int64, changed: Int, skipped: Int, on db: StoreConnection) async throws {
        try await db.raw("UPDATE queue_actions SET changed = \(bind: changed), skipped = \(bind: skipped) WHERE id = \(bind: id)").run()
    }

    /// Names the background job working through action `id`.
    public func attach(job: Int64, to id: Int64, on db: StoreConnection) async throws {
        try await db.raw("UPDATE queue_actions SET job_id = \(bind: job) WHERE id = \(bind: id)").run()
    }

    /// Ends a running action as `state`, with `note`.
    public func finish(_ id: Int64, as state: QueueAction.State, note: String?, at now: Date, on db: StoreConnection) async throws {
        try await db.raw(
            """
            UPDATE queue_actions SET state = \(bind: state.rawValue), note = \(bind: note), finished_at = \(bind: SQLTime.text(now))
            WHERE id = \(bind: id) AND state = 'running'
            """
        ).run()
    }

    /// Sets a failed action running again, from where it stopped.
    public func reopen(_ id: Int64, on db: StoreConnection) async throws {
        try await db.raw("UPDATE queue_actions SET state = 'running', finished_at = NULL, note = NULL WHERE id = \(bind: id)").run()
    }

    /// Action `id` with where its background work has reached, or `nil`.
    public func find(_ id: Int64, on db: StoreConnection) async throws -> (action: QueueAction, cursor: Int64)? {
        guard let row = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM queue_actions WHERE id = \(bind: id)").first() else {
            return nil
        }
        return (try Self.action(row), Int64(try row.int("cursor_id")))
    }

    /// Up to `limit` actions numbered below `before` (all, when `nil`), newest first.
    public func list(before: Int64?, limit: Int, on db: StoreConnection) async throws -> [QueueAction] {
        let below: SQLQueryString = before.map { "WHERE id < \(bind: $0)" } ?? ""
        return try await db.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM queue_actions \(below) ORDER BY id DESC LIMIT \(bind: max(limit, 1))"
        ).all().map(Self.action)
    }

    private static let columns = """
        id, actor_id, actor_name, address, action, target, state, matched, changed, skipped, cursor_id, job_id, requested_at,
        finished_at, note
        """

    private static func text(_ target: QueueAction.Target) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(target), as: UTF8.self)
    }

    private static func action(_ row: any SQLRow) throws -> QueueAction {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let text = try row.string("target")
        guard let target = try? decoder.decode(QueueAction.Target.self, from: Data(text.utf8)) else {
            throw StoreError.corruptValue(column: "target", value: text)
        }
        return QueueAction(
            id: Int64(try row.int("id")),
            actorID: try row.string("actor_id"),
            actorName: try row.string("actor_name"),
            address: try row.optionalString("address"),
            kind: try row.value("action", as: QueueAction.Kind.self),
            target: target,
            state: try row.value("state", as: QueueAction.State.self),
            matched: try row.int("matched"),
            changed: try row.int("changed"),
            skipped: try row.int("skipped"),
            jobID: try row.optionalInt("job_id").map(Int64.init),
            requestedAt: try row.date("requested_at"),
            finishedAt: try row.optionalDate("finished_at"),
            note: try row.optionalString("note")
        )
    }
}
