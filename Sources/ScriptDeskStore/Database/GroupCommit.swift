import Synchronization

/// Writes items as a group: while one write is under way, the items that arrive gather, and
/// the next write takes them all. An idle system writes each item at once; a busy one pays
/// one commit for hundreds. Download records and finished jobs are written this way.
public final class GroupCommit<Item: Sendable>: Sendable {
    private struct Entry {
        var item: Item
        var done: CheckedContinuation<Void, any Error>?
    }

    private struct State {
        var pending: [Entry] = []
        var writing = false
        var idle: [CheckedContinuation<Void, Never>] = []
    }

    private let write: @Sendable ([Item]) async throws -> Void
    private let state = Mutex(State())

    /// `write` stores one batch, in order, in one unit of work.
    public init(write: @escaping @Sendable ([Item]) async throws -> Void) {
        self.write = write
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
            let (batch, idle) = state.withLock { state -> ([Entry], [CheckedContinuation<Void, Never>]) in
                defer { state.pending.removeAll(keepingCapacity: true) }
                guard state.pending.isEmpty else { return (state.pending, []) }
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
}
