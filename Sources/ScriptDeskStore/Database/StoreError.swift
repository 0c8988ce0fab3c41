public import ScriptDeskCore

/// Errors from the persistence layer.
public enum StoreError: ClassifiedError, Sendable {
    /// A stored value could not be read back.
    case corruptValue(column: String, value: String)
    /// The database was written by a newer ScriptDesk.
    case schemaTooNew(found: Int, known: Int)
    /// A row that must exist does not.
    case missing(what: String)
    /// The database server cannot be reached now; the call may succeed once it is back.
    case unavailable(reason: String)
    /// A statement was run on a connection to nothing (`StoreConnection.unconnected()`).
    case notConnected
    /// A database file could not be created, or made private to its owner.
    case fileMode(path: String, errno: Int32)
    /// The PostgreSQL URL cannot be used (an unknown `sslmode`, say); never shows the URL.
    case invalidDatabaseURL(reason: String)
    /// The SQLite library on this machine is older than the one ScriptDesk needs (numbered
    /// as SQLite numbers versions: 3.35.0 is 3035000).
    case unsupportedLibrary(found: Int32, needed: Int32)

    /// The `store.*` code of the failure.
    public var code: String {
        switch self {
        case .corruptValue: "store.corrupt_value"
        case .schemaTooNew: "store.schema_too_new"
        case .missing: "store.missing"
        case .unavailable: "store.unavailable"
        case .notConnected: "store.not_connected"
        case .fileMode: "store.file_mode"
        case .invalidDatabaseURL: "store.invalid_database_url"
        case .unsupportedLibrary: "store.unsupported_sqlite"
        }
    }

    /// What failed, and what to do where something can be done; never the database's own text.
    public var message: String {
        switch self {
        case .corruptValue(let column, let value):
            "The stored \(column) value '\(value)' cannot be read; the database may have been edited by hand."
        case .schemaTooNew(let found, let known):
            "The database is at schema version \(found) but this ScriptDesk knows only up to \(known); run a newer ScriptDesk."
        case .missing(let what):
            "\(what) was not found."
        case .unavailable:
            "The database cannot be reached just now; try again shortly."
        case .notConnected:
            "This connection has no database behind it."
        case .fileMode(let path, let errno):
            "Could not create \(path) or make it readable by its owner only (error \(errno)); check that the user running ScriptDesk owns it and its folder."
        case .invalidDatabaseURL(let reason):
            "The PostgreSQL URL cannot be used: \(reason)."
        case .unsupportedLibrary(let found, let needed):
            "This machine's SQLite library is version \(found) but ScriptDesk needs \(needed) or later; install a newer libsqlite3."
        }
    }

    /// Only an unreachable database may answer another time.
    public var isTransient: Bool {
        if case .unavailable = self { true } else { false }
    }
}
