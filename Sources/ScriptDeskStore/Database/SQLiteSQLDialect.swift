import CSQLite3
import SQLKit

/// How SQLKit writes SQL for SQLite: double-quoted names, numbered `?` placeholders, upserts
/// and `RETURNING` (the library is checked for them at start-up), triggers with bodies and
/// conditions, and no `ALTER TABLE` of several changes at once.
struct SQLiteSQLDialect: SQLDialect {
    var name: String { "sqlite" }
    var identifierQuote: any SQLExpression { SQLRaw(#"""#) }
    var literalStringQuote: any SQLExpression { SQLRaw("'") }
    func bindPlaceholder(at position: Int) -> any SQLExpression { SQLRaw("?\(position)") }
    func literalBoolean(_ value: Bool) -> any SQLExpression { SQLRaw(value ? "TRUE" : "FALSE") }
    var literalDefault: any SQLExpression { SQLLiteral.null }
    var supportsIfExists: Bool { true }
    var supportsDropBehavior: Bool { false }
    var supportsAutoIncrement: Bool { false }
    var autoIncrementClause: any SQLExpression { SQLRaw("AUTOINCREMENT") }
    var enumSyntax: SQLEnumSyntax { .unsupported }
    var triggerSyntax: SQLTriggerSyntax { .init(create: [.supportsBody, .supportsCondition, .supportsUpdateColumns], drop: []) }
    var alterTableSyntax: SQLAlterTableSyntax { .init(allowsBatch: false) }
    var upsertSyntax: SQLUpsertSyntax { .standard }
    var supportsReturning: Bool { true }
    var unionFeatures: SQLUnionFeatures { [.union, .unionAll, .intersect, .except] }

    func customDataType(for dataType: SQLDataType) -> (any SQLExpression)? {
        // SQLite's integers are 64 bits whatever they are called.
        if case .bigint = dataType { return SQLDataType.int }
        return nil
    }

    func nestedSubpathExpression(in column: any SQLExpression, for path: [String]) -> (any SQLExpression)? {
        guard !path.isEmpty else { return nil }
        return SQLFunction("json_extract", args: [column, SQLLiteral.string("$.\(path.joined(separator: "."))")])
    }

    /// The oldest library with every feature this dialect writes (`RETURNING`, 3.35).
    static let oldestLibrary: Int32 = 3_035_000

    /// The linked library's version, as SQLite numbers it (3.40.1 is 3040001).
    static var libraryVersion: Int32 { sqlite3_libversion_number() }
}
