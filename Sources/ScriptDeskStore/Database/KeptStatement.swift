package import SQLKit

/// A statement run so often that parsing and planning it on every call shows, kept prepared
/// on each connection it runs on.
///
/// Its text never changes: every value that differs between calls is a numbered parameter.
/// PostgreSQL then prepares it once per pooled connection, as a named statement, and after
/// its first few runs plans it once too (a generic plan) instead of on every call; SQLite keeps
/// every statement prepared by its text already.
package protocol KeptStatement: Sendable {
    /// The statement in `dialect`, the same on every call, with `dialect.parameter(n)` where the
    /// n-th of `values` goes (a parameter may appear more than once).
    static func text(in dialect: SQLDialectKind) -> String
    /// The values of the statement's parameters: the first is parameter 1.
    var values: [KeptValue] { get }
}

/// A value of a kept statement's parameter.
package enum KeptValue: Sendable, Equatable {
    case text(String)
    case integer(Int)

    /// The value as SQLKit binds it.
    var bound: any Encodable & Sendable {
        switch self {
        case .text(let text): text
        case .integer(let integer): integer
        }
    }
}

extension StoreConnection {
    /// Runs `statement` on this connection, prepared once per connection, and returns its rows.
    package func run(_ statement: some KeptStatement) async throws -> [any SQLRow] {
        if let pooled = sql as? PooledSQLConnection { return try await pooled.run(statement) }
        let rows = Locked<[any SQLRow]>([])
        try await sql.execute(sql: KeptExpression(statement: statement, dialect: dialect)) { row in rows.withLock { $0.append(row) } }
        return rows.withLock { $0 }
    }
}

/// A kept statement's text with its values bound in order, for drivers that keep statements
/// prepared by their text (SQLite's numbered parameters take the values by position).
private struct KeptExpression<Statement: KeptStatement>: SQLExpression {
    let statement: Statement
    let dialect: SQLDialectKind

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(Statement.text(in: dialect))
        serializer.binds += statement.values.map(\.bound)
    }
}
