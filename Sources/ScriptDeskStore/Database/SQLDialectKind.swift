/// The SQL dialects ScriptDesk speaks. Differences between them are settled here and in
/// the migrations, nowhere else.
public enum SQLDialectKind: String, Sendable {
    case sqlite
    case postgres

    /// The statement that opens a write transaction: SQLite takes the write lock at once
    /// (`BEGIN IMMEDIATE`) so that two writers never deadlock upgrading a read lock.
    var beginWrite: String {
        switch self {
        case .sqlite: "BEGIN IMMEDIATE"
        case .postgres: "BEGIN"
        }
    }

    /// The column type of an auto-numbered 64-bit key.
    public var autoIncrementKey: String {
        switch self {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGSERIAL PRIMARY KEY"
        }
    }
}
