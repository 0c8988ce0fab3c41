public import Foundation
public import Logging
public import ScriptDeskQueue
public import ScriptDeskStore

/// The queue drivers the shared behaviour suite runs against: the same tests, three drivers.
public enum QueueKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres
    case memory

    /// The driver's name, as test arguments show it.
    public var description: String { rawValue }
}

/// A queue of one driver, fresh for one test, with what the tests do around it: enqueue as
/// the application does, and reach the same queue from another process.
public struct QueueHarness: Sendable {
    /// The queue under test.
    public let queue: any JobQueue
    /// Its database; `nil` for the queue in memory.
    public let database: Database?
    /// The time the tests enqueue at unless they say otherwise.
    public static let start = Date(timeIntervalSince1970: 1_787_212_800)
    /// The logger the queues under test write to.
    public static let logger = Logger(label: "scriptdesk-test-queue")

    /// Runs `body` with a fresh queue of `kind` whose standard jobs overtake priority work
    /// after `standardAgeing`.
    public static func with<T: Sendable>(
        _ kind: QueueKind,
        standardAgeing: Duration = .seconds(600),
        _ body: (QueueHarness) async throws -> T
    ) async throws -> T {
        switch kind {
        case .memory:
            return try await body(QueueHarness(queue: MemoryJobQueue(logger: logger, standardAgeing: standardAgeing), database: nil))
        case .sqlite, .postgres:
            return try await ScratchDatabase.with(kind == .sqlite ? .sqlite : .postgres, migrations: QueueSchema.migrations) { database in
                let queue = SQLJobQueue(database: database, logger: logger, standardAgeing: standardAgeing)
                return try await body(QueueHarness(queue: queue, database: database))
            }
        }
    }

    /// Enqueues `job` at `time` as the application does: inside a store transaction.
    @discardableResult
    public func enqueue(_ job: NewJob, at time: Date = start) async throws -> Int64 {
        try await enqueue([job], at: time)[0]
    }

    /// Enqueues `jobs` at `time` in one unit of work.
    @discardableResult
    public func enqueue(_ jobs: [NewJob], at time: Date = start) async throws -> [Int64] {
        guard let database else {
            let unit = StoreConnection.unconnected()
            let ids = try await queue.enqueue(jobs, in: unit, now: time)
            unit.committed()
            return ids
        }
        return try await database.transaction { try await queue.enqueue(jobs, in: $0, now: time) }
    }

    /// Runs `body` with the same queue as another process reaches it: through a database of
    /// its own for the SQL drivers; the queue itself in memory, which no other process shares.
    public func withAnotherProcess<T: Sendable>(_ body: (QueueHarness) async throws -> T) async throws -> T {
        guard let database else { return try await body(self) }
        return try await database.withAnotherConnection { other in
            try await body(QueueHarness(queue: SQLJobQueue(database: other, logger: Self.logger), database: other))
        }
    }
}
