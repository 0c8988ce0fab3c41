import DequeModule
import Synchronization

/// Lends a fixed set of connections, one task at a time each, first come first served.
///
/// A transaction is several statements on one connection; without this, a second task could
/// slip its statements in between and find itself inside someone else's transaction.
final class ConnectionSlots: Sendable {
    private struct State {
        var free: [Int]
        var waiting: Deque<CheckedContinuation<Int, Never>> = []
    }

    private let state: Mutex<State>

    /// Slots `0..<count`, all free.
    init(count: Int) {
        state = Mutex(State(free: Array((0..<count).reversed())))
    }

    /// A free slot's index, once one is free.
    func acquire() async -> Int {
        if let index = state.withLock({ $0.free.popLast() }) { return index }
        return await withCheckedContinuation { continuation in
            let index = state.withLock { state -> Int? in
                if let index = state.free.popLast() { return index }
                state.waiting.append(continuation)
                return nil
            }
            if let index { continuation.resume(returning: index) }
        }
    }

    /// Gives a slot back, to the longest waiter if there is one.
    func release(_ index: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Int, Never>? in
            guard let waiter = state.waiting.popFirst() else {
                state.free.append(index)
                return nil
            }
            return waiter
        }
        waiter?.resume(returning: index)
    }

    /// Runs `body` with a slot, and gives it back however `body` ends.
    func with<T>(_ body: (Int) async throws -> T) async throws -> T {
        let index = await acquire()
        defer { release(index) }
        return try await body(index)
    }
}
