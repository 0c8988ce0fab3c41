import Synchronization

/// Writes items as a group: while one write is under way, the items that arrive gather, and
/// the next write takes them all. An idle system writes each item at once; a busy one pays
/// one commit for hundreds. With a spacing, a write starts no sooner than that after the one
/// before it started, so items submitted without waiting gather into groups even when each
/// write is quick. Download records and finished jobs are written this way.
public final class GroupCommit<Item: Sendable>: Sendable {
    private struct Entry {
        var item: Item
        var done: CheckedContinuation<Void, any Error>?
    }

    private struct State {
        var pending: [Entry] = []
        var writing = false
        var idle: [CheckedContinuation<Void, Never>] = []
        var lastWrite: ContinuousClock.Instant?
    }

    private let write: @Sendable ([Item]) async throws -> Void
    private let spacing: Duration
    private let state = Mutex(State())

    /// `write` stores one batch, in order, in one unit of work; a write starts at least
    /// `spacing` after the one before it started.
    public init(spacing: Duration = .zero, write: @escaping @Sendable ([Item]) async throws -> Void) {
        self.spacing = spacing
        self.write = write
    }

    /// How many items wait for a write that has not started.
    public var backlog: Int {
        state.withLock { $0.pending.count }
    }

    /// Stores `item` with whatever else is waiting; returns once the write that held it has
    /// committed, or throws what that write threw. Nothing is acknowledged before it is stored.
    public func submit(_ item: Item) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            add(Entry(item: item, done: done))
        }
    }

    /// Adds `item` to the next write without waiting for it; `write` deals with a failure.
    public func submitWithoutWaiting(_ item: Item) {
        add(Entry(item: item, done: nil))
    }

    /// Returns once everything submitted so far has been written (or its write has failed).
    public func flush() async {
        await withCheckedContinuation { (idle: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                guard state.writing || !state.pending.isEmpty else { return true }
                state.idle.append(idle)
                return false
            }
            if now { idle.resume() }
        }
    }

    private func add(_ entry: Entry) {
        let leads = state.withLock { state in
            state.pending.append(entry)
            defer { state.writing = true }
            return !state.writing
        }
        // The first item into an idle group writes until nothing is left waiting.
        if leads { Task { await self.drain() } }
    }

    private func drain() async {
        while true {
            await keepSpacing()
            let (batch, idle) = state.withLock { state -> ([Entry], [CheckedContinuation<Void, Never>]) in
                defer { state.pending.removeAll(keepingCapacity: true) }
                guard state.pending.isEmpty else {
                    state.lastWrite = .now
                    return (state.pending, [])
                }
                state.writing = false
                defer { state.idle.removeAll() }
                return ([], state.idle)
            }
            guard !batch.isEmpty else {
                for waiter in idle { waiter.resume() }
                return
            }
            do {
                try await write(batch.map(\.item))
                for entry in batch { entry.done?.resume() }
            } catch {
                for entry in batch { entry.done?.resume(throwing: error) }
            }
        }
    }

    /// Waits until `spacing` has passed since the last write started.
    private func keepSpacing() async {
        guard spacing > .zero, let last = state.withLock({ $0.lastWrite }) else { return }
        let due = last + spacing
        if due > .now { try? await Task.sleep(until: due, clock: .continuous) }
    }
}
