public import Foundation
import Metrics
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore
import Synchronization

/// What the operations console reads: the overview, shared by every viewer of this process
/// (one read of the queue per interval however many consoles are open), job searches by
/// keyset, and one job in full. The access policy decides who may watch.
public struct QueueWatch: Sendable {
    let console: QueueConsole
    let rules: QueueWatchRules
    let access: AccessPolicy
    let clock: WallClock
    private let shared: SharedOverview

    /// How old a shared overview may be before the next viewer reads the queue again.
    public static let interval: Duration = .seconds(1)

    /// Watches the queue in `database` against `rules`, for the callers `access` allows.
    public init(database: Database, rules: QueueWatchRules, access: AccessPolicy, clock: WallClock) {
        console = QueueConsole(database: database)
        self.rules = rules
        self.access = access
        self.clock = clock
        shared = SharedOverview()
    }

    /// The overview, at most `interval` old; `fresh`, read now (as after the caller's own
    /// change, which they expect to see), and shared from then on.
    public func overview(for caller: Caller, fresh: Bool = false) async throws -> ConsoleOverview {
        try access.authorise(caller, .watchQueue)
        return try await shared.value(maxAge: fresh ? .zero : Self.interval) { [console, rules, clock] in
            let overview = ConsoleOverview(try await console.facts(now: clock.now), rules: rules)
            Self.report(overview)
            return overview
        }
    }

    /// Up to `limit` jobs matching `search` below id `before`, newest first.
    public func jobs(_ search: JobSearch, before: Int64?, limit: Int, for caller: Caller) async throws -> JobPage {
        try access.authorise(caller, .watchQueue)
        return try await console.jobs(search, before: before, limit: limit)
    }

    /// Job `id` with its attempts, or `nil`.
    public func job(_ id: Int64, for caller: Caller) async throws -> JobDetail? {
        try access.authorise(caller, .watchQueue)
        return try await console.job(id)
    }

    /// Counts each lane's move past its target, once per move (the gauges are set at each
    /// scrape of `/metrics`).
    private static func report(_ overview: ConsoleOverview) {
        for lane in overview.lanes where breaches.withLock({ $0.update(with: lane.facts.lane, breached: lane.breached) }) {
            Counter(label: "scriptdesk_queue_target_breaches_total", dimensions: [("lane", lane.facts.lane.rawValue)]).increment()
        }
    }

    /// The lanes past their target at the last reading in this process.
    private static let breaches = Mutex(Set<Lane>())
}

extension Set where Element == Lane {
    /// Records whether `lane` is breached; true when it has just become so.
    fileprivate mutating func update(with lane: Lane, breached: Bool) -> Bool {
        guard breached else {
            remove(lane)
            return false
        }
        return insert(lane).inserted
    }
}

/// One overview shared by every caller of a process. While it is fresh (younger than the
/// age asked for) it is returned as it is. Once stale, it is still returned at once, and the
/// first such caller starts one reading behind it that the next callers get: no viewer waits
/// for the queue to be read, and however many there are, the queue is read at most once per
/// interval. A caller that wants a reading made now (after their own change), or finds none
/// or one older than `staleLimit`, waits for a reading of their own.
actor SharedOverview {
    private var latest: (value: ConsoleOverview, startedAt: ContinuousClock.Instant)?
    private var reading: (task: Task<ConsoleOverview, any Error>, startedAt: ContinuousClock.Instant)?

    /// The oldest overview returned without waiting for a new one.
    let staleLimit: Duration

    /// An overview shared by every caller, served without waiting while younger than
    /// `staleLimit` (10 seconds unless given).
    init(staleLimit: Duration = .seconds(10)) {
        self.staleLimit = staleLimit
    }

    func value(maxAge: Duration, read: @escaping @Sendable () async throws -> ConsoleOverview) async throws -> ConsoleOverview {
        if let latest {
            let age = ContinuousClock.now - latest.startedAt
            if age < maxAge { return latest.value }
            if maxAge > .zero, age < staleLimit {
                if reading == nil { _ = start(read) }
                return latest.value
            }
        }
        if maxAge > .zero, let reading { return try await reading.task.value }
        return try await start(read).value
    }

    /// Starts a reading that, once made, replaces the latest (unless a later-started one
    /// already has).
    private func start(_ read: @escaping @Sendable () async throws -> ConsoleOverview) -> Task<ConsoleOverview, any Error> {
        let startedAt = ContinuousClock.now
        let task = Task {
            defer { finished(startedAt) }
            let value = try await read()
            keep(value, startedAt: startedAt)
            return value
        }
        reading = (task, startedAt)
        return task
    }

    private func keep(_ value: ConsoleOverview, startedAt: ContinuousClock.Instant) {
        if let latest, latest.startedAt > startedAt { return }
        latest = (value, startedAt)
    }

    private func finished(_ startedAt: ContinuousClock.Instant) {
        if reading?.startedAt == startedAt { reading = nil }
    }
}
