import NIOPosix

extension NIOThreadPool {
    /// Runs `body`, a blocking libcurl transfer, on this pool and passes its typed error
    /// through, or throws `inactive` when the pool is not running.
    ///
    /// Cancelling the awaiting task sets the `TransferCancellation` handed to `body`, whose
    /// handles' progress callbacks then abort the transfer within about a second; `body`
    /// must not resume or retry after that. A task cancelled before the transfer begins
    /// throws `CancellationError` without `body` running; one cancelled while it runs
    /// throws `CancellationError` whatever `body` threw (a transfer that completed all
    /// the same returns its result). `CancellationError` is not a failure of the transfer,
    /// so it is never turned into one of the callers' own errors.
    func runTransfer<T: Sendable, Failure: Error>(
        inactive: @autoclosure () -> Failure,
        _ body: @escaping @Sendable (TransferCancellation) throws(Failure) -> T
    ) async throws -> T {
        try Task.checkCancellation()
        let cancellation = TransferCancellation()
        let result: Result<T, Failure>
        do {
            result = try await withTaskCancellationHandler {
                try await runIfActive {
                    do throws(Failure) {
                        return .success(try body(cancellation))
                    } catch {
                        return .failure(error)
                    }
                }
            } onCancel: {
                cancellation.cancel()
            }
        } catch is CancellationError {
            // The pool dropped the work unrun because the task was cancelled first.
            throw CancellationError()
        } catch {
            throw inactive()
        }
        if case .failure = result, cancellation.isCancelled { throw CancellationError() }
        return try result.get()
    }
}
