import Foundation
import Logging
import SQLKit
public import ScriptDeskStore
import ScriptDeskTestSupport

/// The database drivers every conformance suite runs against.
public enum DatabaseKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    /// The driver's name, as test arguments show it.
    public var description: String { rawValue }
}

/// A new, empty, migrated database of either kind, dropped afterwards. PostgreSQL comes
/// from `SCRIPTDESK_TEST_POSTGRES_URL`, which `scripts/test` sets after starting a
/// throwaway cluster; without it the PostgreSQL cases fail and say so.
public enum ScratchDatabase {
    static let logger: Logger = {
        var logger = Logger(label: "scriptdesk-test-db")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` with a migrated database of `kind`, serving, then closes and drops it.
    public static func with<T: Sendable>(
        _ kind: DatabaseKind,
        migrations: [Migration],
        _ body: (Database) async throws -> T
    ) async throws -> T {
        switch kind {
        case .sqlite:
            // A file, not memory: WAL and locking behave as in production.
            return try await ScratchFolder.with("db") { folder in
                try await run(.sqlite(path: "\(folder)/test.sqlite"), migrations: migrations, body)
            }
        case .postgres:
            let server = try PostgresServer.fromEnvironment()
            let name = try await server.createDatabase()
            do {
                let value = try await run(.postgres(url: server.url(of: name)), migrations: migrations, body)
                try await server.dropDatabase(name)
                return value
            } catch {
                try? await server.dropDatabase(name)
                throw error
            }
        }
    }

    private static func run<T: Sendable>(
        _ location: DatabaseLocation,
        migrations: [Migration],
        _ body: (Database) async throws -> T
    ) async throws -> T {
        try await Database.withRunning(location, logger: logger) { database in
            try await Migrator(migrations: migrations).migrate(database, logger: logger)
            return try await body(database)
        }
    }
}

/// A PostgreSQL server the tests may make databases on, by its administrator's URL.
public struct PostgresServer: Sendable {
    /// `postgres://user@host:port/postgres?…`
    public var adminURL: String

    /// A server reached through `adminURL`.
    public init(adminURL: String) {
        self.adminURL = adminURL
    }

    /// The server `scripts/test` started (`SCRIPTDESK_TEST_POSTGRES_URL`).
    public static func fromEnvironment() throws -> PostgresServer {
        guard let url = ProcessInfo.processInfo.environment["SCRIPTDESK_TEST_POSTGRES_URL"] else {
            throw TestSupportError(message: "SCRIPTDESK_TEST_POSTGRES_URL is not set: run scripts/test, which starts PostgreSQL.")
        }
        return PostgresServer(adminURL: url)
    }

    /// The URL of database `name` on this server.
    public func url(of name: String) throws -> String {
        guard var components = URLComponents(string: adminURL) else {
            throw TestSupportError(message: "'\(adminURL)' is not a PostgreSQL URL.")
        }
        components.path = "/\(name)"
        return components.string!
    }

    /// Makes a new empty database and returns its name.
    public func createDatabase() async throws -> String {
        let name = "sd_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await administer("CREATE DATABASE \(name)")
        return name
    }

    /// Drops database `name`, ending whatever is connected to it.
    public func dropDatabase(_ name: String) async throws {
        try await administer("DROP DATABASE \(name) WITH (FORCE)")
    }

    private func administer(_ statement: String) async throws {
        try await Database.withRunning(.postgres(url: adminURL), poolSize: 1, logger: ScratchDatabase.logger) { admin in
            try await admin.withConnection { try await $0.raw(.init(statement)).run() }
        }
    }
}

extension Database {
    /// Runs `body` with another connection to the same database, as another process would
    /// have, and closes it afterwards whether `body` succeeded or threw (SQLite insists).
    public func withAnotherConnection<T: Sendable>(_ body: (Database) async throws -> T) async throws -> T {
        try await Database.withRunning(location, logger: ScratchDatabase.logger, body)
    }
}
