import ScriptDeskCore
import Synchronization

/// How many jobs this process should run at once, and how many of each lane it runs now.
/// The slot count can change while the workers run; above it, no new job is claimed.
final class WorkerSlots: Sendable {
    private struct State {
        var target: Int
        var running = 0
        var standard = 0
    }

    private let state: Mutex<State>
    /// Rung when a slot frees, the slot count changes, or work may be waiting.
    let wake = Doorbell()

    init(target: Int) {
        state = Mutex(State(target: max(target, 1)))
    }

    /// Slots that should run.
    var target: Int { state.withLock { $0.target } }

    /// The slot count, the jobs running, and how many of them are standard.
    var counts: (target: Int, running: Int, standard: Int) {
        state.withLock { ($0.target, $0.running, $0.standard) }
    }

    /// Whether more than half the slots hold jobs (and more than one slot exists).
    var busy: Bool {
        state.withLock { $0.target > 1 && $0.running > 0 && ($0.target - $0.running) * 2 < $0.target }
    }

    /// Sets the number of slots; returns whether it changed.
    @discardableResult
    func setTarget(_ target: Int) -> Bool {
        let changed = state.withLock { state in
            defer { state.target = max(target, 1) }
            return state.target != max(target, 1)
        }
        if changed { wake.ring() }
        return changed
    }

    /// Records that a job of `lane` started.
    func started(_ lane: Lane) {
        state.withLock { state in
            state.running += 1
            if lane == .standard { state.standard += 1 }
        }
    }

    /// Records that a job of `lane` ended, freeing its slot.
    func finished(_ lane: Lane) {
        state.withLock { state in
            state.running -= 1
            if lane == .standard { state.standard -= 1 }
        }
        wake.ring()
    }
}
