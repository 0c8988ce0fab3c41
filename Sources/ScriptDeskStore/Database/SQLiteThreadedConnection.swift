import Logging
import SQLKit

/// A SQLite connection with a thread of its own: a unit of work given to `run` moves to that
/// thread and runs every statement there as a plain call, with the statements it uses kept
/// prepared. On the shared executors a statement would queue behind blocking work (a PDF
/// being built, a transfer, a file written) and hold it up in turn while the disk flushes.
struct SQLiteThreadedConnection: Sendable {
    /// Where a connection's database is.
    enum Storage: Sendable {
        /// A file, created if missing.
        case file(path: String)
        /// A private database in memory, gone with its connection.
        case memory
    }

    private let handle: SQLiteHandle
    let thread: SQLiteThread
    let sql: any SQLDatabase

    private init(handle: SQLiteHandle, thread: SQLiteThread, logger: Logger) {
        self.handle = handle
        self.thread = thread
        self.sql = SQLiteDirectDatabase(handle: handle, logger: logger)
    }

    /// Runs `body` on the connection's thread; the caller holds the connection. Once the
    /// connection is closed (and its thread gone) this fails at once.
    func run<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        guard !handle.isClosed else { throw SQLiteFailure.closed }
        let result = await withTaskExecutorPreference(thread) { () async -> Result<T, any Error> in
            await thread.enter()
            do { return .success(try await body(sql)) } catch { return .failure(error) }
        }
        // Back onto the caller's executor: what the caller does next must not hold up the
        // connection's thread.
        await Task.yield()
        return try result.get()
    }

    /// Opens the connection and runs `setUp` on it; closes it again if that fails.
    static func open(
        _ storage: Storage,
        logger: Logger,
        setUp: (any SQLDatabase) async throws -> Void
    ) async throws -> SQLiteThreadedConnection {
        let path: String
        switch storage {
        case .file(let file): path = file
        case .memory: path = ":memory:"
        }
        let thread = SQLiteThread(name: "sqlite")
        let opened: SQLiteThreadedConnection
        do {
            opened = SQLiteThreadedConnection(handle: try SQLiteHandle(path: path), thread: thread, logger: logger)
        } catch {
            thread.stop()
            throw error
        }
        do {
            try await opened.run(setUp)
        } catch {
            await opened.close()
            throw error
        }
        return opened
    }

    /// Closes the connection and lets its thread end; the caller holds the connection, so no
    /// statement is running on it.
    func close() async {
        handle.close()
        thread.stop()
    }
}
