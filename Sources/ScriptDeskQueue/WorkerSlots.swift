import Synchronization

/// How many worker slots should run, and which are running: the slot count can change
/// while the workers run, and slots above it finish their job and stop.
final class WorkerSlots: Sendable {
    private struct State {
        var target: Int
        var running: Set<Int> = []
    }

    private let state: Mutex<State>
    /// Rung when the target changes or a slot stops, so missing slots are started.
    let changed = Doorbell()

    init(target: Int) {
        state = Mutex(State(target: max(target, 1)))
    }

    /// Slots that should run.
    var target: Int { state.withLock { $0.target } }

    /// Sets the number of slots; returns whether it changed.
    @discardableResult
    func setTarget(_ target: Int) -> Bool {
        let changedTarget = state.withLock { state in
            defer { state.target = max(target, 1) }
            return state.target != max(target, 1)
        }
        if changedTarget { changed.ring() }
        return changedTarget
    }

    /// Slots below the target that are not running, marked running for the caller to start.
    func startMissing() -> [Int] {
        state.withLock { state in
            let missing = (0..<state.target).filter { !state.running.contains($0) }
            state.running.formUnion(missing)
            return missing
        }
    }

    /// Whether `slot` should go on claiming.
    func keeps(_ slot: Int) -> Bool { state.withLock { slot < $0.target } }

    /// Records that `slot` stopped.
    func stopped(_ slot: Int) {
        state.withLock { _ = $0.running.remove(slot) }
        changed.ring()
    }
}
