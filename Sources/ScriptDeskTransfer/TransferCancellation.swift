import Synchronization

/// Whether the task awaiting a transfer has been cancelled. Set from the task's cancellation
/// handler, read by libcurl's progress callback on the thread performing the transfer,
/// which then aborts it; hence an atomic flag, and `Sendable`.
final class TransferCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Marks the transfer cancelled; a transfer under way stops at its next progress callback.
    func cancel() {
        flag.store(true, ordering: .relaxed)
    }

    /// Whether `cancel()` has been called.
    var isCancelled: Bool {
        flag.load(ordering: .relaxed)
    }
}
