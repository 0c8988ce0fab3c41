import Logging
import NIOCore
import NIOPosix
import SQLKit

/// The SQL side of `StoreConnection.unconnected()`: every statement fails.
struct DisconnectedSQLDatabase: SQLDatabase {
    var logger: Logger { Logger(label: "scriptdesk.store.unconnected") }
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteSQLDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFailedFuture(StoreError.notConnected)
    }
}
