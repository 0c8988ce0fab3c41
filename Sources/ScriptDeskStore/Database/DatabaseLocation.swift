import Foundation

/// Where ScriptDesk keeps its data and queue.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite file (the embedded default, `Storage/scriptdesk.sqlite`).
    case sqlite(path: String)
    /// A private in-memory SQLite database, for unit tests.
    case sqliteInMemory
    /// A PostgreSQL server, as a `postgres://user:password@host:port/database` URL; its
    /// `sslmode` decides TLS (`PostgresTLSMode`).
    case postgres(url: String)

    /// Reads a `--database` value: a `postgres://` or `postgresql://` URL (`postgres+uds://`
    /// for a Unix socket), a `sqlite:` path, or a plain file path.
    public init(parsing text: String) {
        if ["postgres://", "postgresql://", "postgres+uds://", "postgresql+uds://"].contains(where: text.hasPrefix) {
            self = .postgres(url: text)
        } else if text.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// A description with any password masked, safe to log.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .sqliteInMemory: return "sqlite::memory:"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://(unparsable URL)" }
            if components.password != nil { components.password = "****" }
            return components.string ?? "postgres://"
        }
    }
}
