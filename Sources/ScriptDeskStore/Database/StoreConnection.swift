package import SQLKit
import Synchronization

/// A database connection lent to one unit of work: one transaction, or one series of reads.
/// Repositories and the queue run their statements on it; what lies beneath (the SQL
/// connection) is for the store and the queue alone, so nothing above them speaks SQL.
public struct StoreConnection: Sendable {
    /// The SQL connection the statements run on.
    package let sql: any SQLDatabase
    /// The dialect those statements must be written in.
    package let dialect: SQLDialectKind
    private let commitActions: CommitActions

    package init(sql: any SQLDatabase, dialect: SQLDialectKind) {
        self.sql = sql
        self.dialect = dialect
        self.commitActions = CommitActions()
    }

    /// A connection to nothing, for drivers that keep their state elsewhere (the in-memory
    /// queue) yet must lend a connection to code that expects one: every statement on it
    /// fails with `store.not_connected`, and its unit of work commits as soon as it ends.
    public static func unconnected() -> StoreConnection {
        StoreConnection(sql: DisconnectedSQLDatabase(), dialect: .sqlite)
    }

    /// Runs `action` once the unit of work this connection serves has committed, and never
    /// if it rolls back. Outside a transaction, the unit of work commits as it ends.
    public func afterCommit(_ action: @escaping @Sendable () -> Void) {
        commitActions.append(action)
    }

    /// A raw statement with bound values, on this connection.
    package func raw(_ query: SQLQueryString) -> SQLRawBuilder {
        sql.raw(query)
    }

    /// Runs what was registered with `afterCommit`, in order, once.
    package func committed() {
        for action in commitActions.take() { action() }
    }
}

/// The actions waiting for a unit of work to commit.
private final class CommitActions: Sendable {
    private let actions = Mutex<[@Sendable () -> Void]>([])

    func append(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
    }

    func take() -> [@Sendable () -> Void] {
        actions.withLock { actions in
            defer { actions.removeAll() }
            return actions
        }
    }
}
