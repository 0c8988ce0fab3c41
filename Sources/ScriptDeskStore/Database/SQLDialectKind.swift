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

    /// The statement that makes a write transaction the only one migrating, held until it
    /// ends: on PostgreSQL a transaction-level advisory lock on a fixed key; nil on SQLite,
    /// where the write transaction's `BEGIN IMMEDIATE` already holds the database's write lock.
    var migrationLock: String? {
        switch self {
        case .sqlite: nil
        case .postgres: "SELECT pg_advisory_xact_lock(\(Self.migrationLockKey))"
        }
    }

    /// The advisory lock key migrations take on PostgreSQL: "SDMIGRAT" in ASCII.
    static let migrationLockKey: Int64 = 0x5344_4D49_4752_4154

    /// Where the `n`-th value (from 1) of a `KeptStatement` goes: `$n` on PostgreSQL, `?n` on
    /// SQLite.
    package func parameter(_ n: Int) -> String {
        switch self {
        case .postgres: "$\(n)"
        case .sqlite: "?\(n)"
        }
    }

    /// A condition, always true, for the `WHERE` of a statement that
    /// `Database.writeStatement(flushed: false)` runs. On PostgreSQL it turns
    /// `synchronous_commit` off for the statement's own transaction (PostgreSQL reads it at
    /// each commit), so that its commit does not wait for the write-ahead log to reach the
    /// disk: a crash of the server may lose the last such commits (a fraction of a second),
    /// never anything committed before them. SQLite's writer skips its flush without it.
    package var unflushedCommit: String {
        switch self {
        case .sqlite: "1 = 1"
        case .postgres: "(SELECT set_config('synchronous_commit', 'off', true)) = 'off'"
        }
    }

    /// The column type of an auto-numbered 64-bit key.
    public var autoIncrementKey: String {
        switch self {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGSERIAL PRIMARY KEY"
        }
    }

    /// An expression for the instant `days` days after the database's time now, in the
    /// stored form of `SQLTime` (`2026-08-13T08:00:00.000Z`): for migrations, which run SQL
    /// alone and so cannot be handed a `WallClock`.
    func timeText(daysFromNow days: Int) -> String {
        switch self {
        case .sqlite: "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+\(days) days')"
        case .postgres: "to_char(timezone('UTC', now()) + interval '\(days) days', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
        }
    }
}
