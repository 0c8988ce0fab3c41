import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// The SQL side of a connection the pool lent, which fails a statement, rather than waiting
/// for ever, when the connection closes under it.
///
/// postgres-nio writes a statement to its connection's channel without a promise for the
/// write: when the server has just dropped the connection (a restart), the write fails, the
/// failure goes nowhere, and the statement's answer never comes. So while a statement is
/// out, a check once a second on the connection's event loop fails it with
/// `store.unavailable` once the connection has closed.
struct PooledSQLConnection: SQLDatabase {
    let connection: PostgresConnection
    private let sql: any SQLDatabase

    init(_ connection: PostgresConnection) {
        self.connection = connection
        self.sql = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        let settled = Locked(false)
        let settle = { @Sendable (result: Result<Void, any Error>) in
            guard
                !settled.withLock({ settled in
                    defer { settled = true }
                    return settled
                })
            else { return }
            promise.completeWith(result)
        }
        let connection = connection
        let watch = eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { task in
            guard connection.isClosed else { return }
            task.cancel()
            settle(.failure(StoreError.unavailable(reason: "the connection to the database closed while a statement was out")))
        }
        sql.execute(sql: query, onRow).whenComplete { result in
            watch.cancel()
            settle(result)
        }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, onRow).get()
    }
}
