import Synchronization

/// A value behind a lock, on the heap: for state shared with closures and tasks that may
/// outlive the call that made it (a `Mutex` is not copyable and lives where it is declared).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with the value, alone.
    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}
