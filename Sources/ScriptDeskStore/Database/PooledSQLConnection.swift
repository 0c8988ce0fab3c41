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
        watched(sql.execute(sql: query, onRow))
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, onRow).get()
    }

    /// Runs `statement` as a named prepared statement, prepared the first time this
    /// connection runs it.
    func run<Statement: KeptStatement>(_ statement: Statement) async throws -> [any SQLRow] {
        let promise = eventLoop.makePromise(of: [any SQLRow].self)
        promise.completeWithTask { [connection, logger] in
            var rows: [any SQLRow] = []
            for try await row in try await connection.execute(PostgresKept<Statement>(values: statement.values), logger: logger) {
                rows.append(row.sql())
            }
            return rows
        }
        return try await watched(promise.futureResult).get()
    }

    /// `work`'s result, or `store.unavailable` once the connection has closed while it is out.
    private func watched<T: Sendable>(_ work: EventLoopFuture<T>) -> EventLoopFuture<T> {
        let promise = eventLoop.makePromise(of: T.self)
        let settled = Locked(false)
        let settle = { @Sendable (result: Result<T, any Error>) in
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
        work.whenComplete { result in
            watch.cancel()
            settle(result)
        }
        return promise.futureResult
    }
}

/// A kept statement as postgres-nio prepares it: by name (its type's), once per connection.
private struct PostgresKept<Statement: KeptStatement>: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static var name: String { String(reflecting: Statement.self) }
    static var sql: String { Statement.text(in: .postgres) }

    let values: [KeptValue]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .text(let text): bindings.append(text)
            case .integer(let integer): bindings.append(integer)
            }
        }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
