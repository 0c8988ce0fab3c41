import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// A SQLite connection whose statements run on a thread of its own. On the shared pool they
/// would queue behind blocking work (a PDF being built, a transfer, a file written), and a
/// connection runs one statement at a time anyway.
struct SQLiteThreadedConnection: Sendable {
    let connection: SQLiteConnection
    private let thread: NIOThreadPool

    var sql: any SQLDatabase { connection.sql(queryLogLevel: nil) }

    /// Opens the connection and runs `setUp` on it; closes it again if that fails.
    static func open(
        _ storage: SQLiteConnection.Storage,
        logger: Logger,
        setUp: (any SQLDatabase) async throws -> Void
    ) async throws -> SQLiteThreadedConnection {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let opened: SQLiteThreadedConnection
        do {
            let connection = try await SQLiteConnection.open(
                storage: storage,
                threadPool: thread,
                logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any()
            )
            opened = SQLiteThreadedConnection(connection: connection, thread: thread)
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
        do {
            try await setUp(opened.sql)
        } catch {
            try? await opened.close()
            throw error
        }
        return opened
    }

    /// Closes the connection, then stops its thread.
    func close() async throws {
        do {
            try await connection.close()
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
        try await thread.shutdownGracefully()
    }
}
