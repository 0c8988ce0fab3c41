import NIOCore
import NIOPosix

/// Where the process's tasks run.
public enum TaskExecutors {
    /// Runs every task of the process on NIO's event loops instead of Swift's own thread
    /// pool. A statement to the database or a response to a client then continues on the
    /// thread that received its answer, instead of hopping to another thread and back. Blocking work already runs on thread pools of its own (SQLite's
    /// connections, file reads, PDF building, the checker's child processes), so an event loop
    /// is never held by it.
    ///
    /// Call it once, first in `main`, on the main thread, before any task starts.
    public static func runTasksOnEventLoops() {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
