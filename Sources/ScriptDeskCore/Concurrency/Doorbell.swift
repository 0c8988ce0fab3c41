import Foundation
import Synchronization

/// Wakes waiters when something changed (work enqueued, a request settled), so that they
/// act at once instead of at their next poll.
///
/// Every ring advances a generation. A waiter notes the generation before it looks for
/// work and waits only if no ring came since, so a ring between the look and the wait is
/// never lost.
public final class Doorbell: Sendable {
    private struct Waiter {
        var continuation: CheckedContinuation<Void, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var generation: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    /// A bell at generation zero with no waiters.
    public init() {}

    /// The number of rings so far.
    public var generation: UInt64 {
        state.withLock { $0.generation }
    }

    /// Advances the generation and wakes every waiter.
    public func ring() {
        let waiters = state.withLock { state -> [Waiter] in
            state.generation &+= 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation.resume()
        }
    }

    /// Returns at once if the bell rang since generation `seen`; otherwise when it rings,
    /// `timeout` passes, or the task is cancelled.
    public func wait(since seen: UInt64, timeout: Duration) async {
        let id = state.withLock { state in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let rangAlready = state.withLock { state -> Bool in
                    guard state.generation == seen, !Task.isCancelled else { return true }
                    state.waiters[id] = Waiter(continuation: continuation, timer: nil)
                    return false
                }
                if rangAlready {
                    continuation.resume()
                    return
                }
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled { self?.wake(id) }
                }
                let stillWaiting = state.withLock { state -> Bool in
                    guard state.waiters[id] != nil else { return false }
                    state.waiters[id]?.timer = timer
                    return true
                }
                if !stillWaiting { timer.cancel() }
            }
        } onCancel: {
            wake(id)
        }
    }

    private func wake(_ id: UInt64) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.timer?.cancel()
        waiter?.continuation.resume()
    }
}
