import CSQLite3
import SQLKit

/// One SQLite connection, called directly: statements are prepared once and kept (up to
/// `statementCacheSize` of them), bound, stepped and reset on the calling thread. Not safe
/// to use from two threads at once; `SQLiteStore` lends each connection to one unit of work
/// at a time. Closes what it opened when it goes.
final class SQLiteHandle: @unchecked Sendable {
    private var db: OpaquePointer?
    private var statements: [String: Prepared] = [:]
    private static let statementCacheSize = 256
    /// Set once in the process, before its first connection opens.
    private static let configured: Void = { _ = scriptdesk_sqlite3_skip_memory_statistics() }()

    /// Opens (creating if missing) the database at `path` (`:memory:` for one in memory).
    init(path: String) throws(SQLiteFailure) {
        Self.configured
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK else {
            let failure = SQLiteFailure(code: code, message: db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)")
            sqlite3_close_v2(db)
            db = nil
            throw failure
        }
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { close() }

    /// Whether `close` has been called.
    var isClosed: Bool { db == nil }

    /// Finalises every kept statement and closes the connection; later calls fail.
    func close() {
        for prepared in statements.values { sqlite3_finalize(prepared.statement) }
        statements = [:]
        if let db { sqlite3_close_v2(db) }
        db = nil
    }

    /// Runs `sql` with `binds`, handing each row to `onRow` as it is stepped.
    func run(_ sql: String, _ binds: [SQLiteValue], onRow: (SQLiteResultRow) -> Void) throws(SQLiteFailure) {
        let prepared = try self.prepared(sql)
        let statement = prepared.statement
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try bind(binds, to: statement)
        var columns: SQLiteResultRow.Columns?
        while true {
            let code = sqlite3_step(statement)
            guard code == SQLITE_ROW else {
                guard code == SQLITE_DONE else { throw failure(code) }
                return
            }
            let names = columns ?? prepared.columns()
            columns = names
            onRow(SQLiteResultRow(columns: names, values: (0..<names.count).map { value(at: Int32($0), of: statement) }))
        }
    }

    /// A statement kept prepared, with its result's column names once read. SQLite prepares
    /// a statement again by itself when the schema changes (a `SELECT *` may then name other
    /// columns), so the names are read again whenever it has.
    private final class Prepared {
        let statement: OpaquePointer
        private var names: (columns: SQLiteResultRow.Columns, preparations: Int32)?

        init(_ statement: OpaquePointer) { self.statement = statement }

        func columns() -> SQLiteResultRow.Columns {
            let preparations = sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_REPREPARE, 0)
            if let names, names.preparations == preparations { return names.columns }
            let columns = SQLiteResultRow.Columns(statement)
            names = (columns, preparations)
            return columns
        }
    }

    private func prepared(_ sql: String) throws(SQLiteFailure) -> Prepared {
        if let prepared = statements[sql] { return prepared }
        guard let db else { throw SQLiteFailure.closed }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw failure(code) }
        if statements.count >= Self.statementCacheSize {
            for kept in statements.values { sqlite3_finalize(kept.statement) }
            statements = [:]
        }
        let prepared = Prepared(statement)
        statements[sql] = prepared
        return prepared
    }

    private func bind(_ binds: [SQLiteValue], to statement: OpaquePointer) throws(SQLiteFailure) {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let integer): code = sqlite3_bind_int64(statement, index, integer)
            case .real(let double): code = sqlite3_bind_double(statement, index, double)
            case .text(let text):
                code = sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
            case .blob(let blob):
                code = blob.withUnsafeBytes { bytes in
                    sqlite3_bind_blob64(statement, index, bytes.baseAddress, UInt64(bytes.count), Self.transient)
                }
            case .null: code = sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
    }

    private func value(at column: Int32, of statement: OpaquePointer) -> SQLiteValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let text = sqlite3_column_text(statement, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob([UInt8](UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    private func failure(_ code: Int32) -> SQLiteFailure {
        guard let db else { return .closed }
        return SQLiteFailure(code: code, message: String(cString: sqlite3_errmsg(db)))
    }

    /// SQLite copies what is bound before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// An error SQLite reported: its extended result code and message.
struct SQLiteFailure: Error, CustomStringConvertible {
    /// SQLite's extended result code (`SQLITE_BUSY_SNAPSHOT`, `SQLITE_CONSTRAINT_UNIQUE`, …).
    let code: Int32
    /// SQLite's own words.
    let message: String

    var description: String { "SQLite error \(code): \(message)" }

    /// A call on a connection already closed.
    static let closed = SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed")

    /// SQLite's "busy", whichever extended code it came with (locked by a writer, in WAL
    /// recovery, a stale snapshot, a timeout).
    var isBusy: Bool { code & 0xFF == SQLITE_BUSY }
}

/// One row of a result: the statement's column names (shared by its rows) and its values,
/// each read as `SQLiteValue.decode` reads it. Where two columns share a name, the first is read.
struct SQLiteResultRow: SQLRow {
    final class Columns: Sendable {
        let names: [String]
        let offsets: [String: Int]
        var count: Int { names.count }

        init(_ statement: OpaquePointer) {
            let names = (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) }
            self.names = names
            self.offsets = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let columns: Columns
    let values: [SQLiteValue]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.offsets[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let offset = columns.offsets[column] else { return true }
        return values[offset] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let offset = columns.offsets[column] else {
            throw DecodingError.keyNotFound(
                SQLiteColumnKey(column),
                .init(codingPath: [], debugDescription: "No column \(column) in the row (\(columns.names.joined(separator: ", ")))")
            )
        }
        return try values[offset].decode(D.self)
    }
}

private struct SQLiteColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
