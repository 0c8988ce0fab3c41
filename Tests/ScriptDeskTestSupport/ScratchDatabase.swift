import Foundation
import Logging
import SQLKit
import ScriptDeskStore

/// The database drivers every conformance suite runs against.
public enum DatabaseKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

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

    /// Runs `body` with a migrated database of `kind`, then closes and drops it.
    public static func with<T: Sendable>(
        _ kind: DatabaseKind,
        migrations: [Migration],
        _ body: (Database) async throws -> T
    ) async throws -> T {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scriptdesk-db-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            // A file, not memory: WAL and locking behave as in production.
            return try await run(.sqlite(path: "\(folder)/test.sqlite"), migrations: migrations, body)
        case .postgres:
            guard let adminURL = ProcessInfo.processInfo.environment["SCRIPTDESK_TEST_POSTGRES_URL"],
                var components = URLComponents(string: adminURL)
            else {
                throw TestSupportError(message: "SCRIPTDESK_TEST_POSTGRES_URL is not set: run scripts/test, which starts PostgreSQL.")
            }
            let name = "sd_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await administer(adminURL, "CREATE DATABASE \(name)")
            components.path = "/\(name)"
            do {
                let value = try await run(.postgres(url: components.string!), migrations: migrations, body)
                try await administer(adminURL, "DROP DATABASE \(name) WITH (FORCE)")
                return value
            } catch {
                try? await administer(adminURL, "DROP DATABASE \(name) WITH (FORCE)")
                throw error
            }
        }
    }

    private static func run<T: Sendable>(
        _ location: DatabaseLocation,
        migrations: [Migration],
        _ body: (Database) async throws -> T
    ) async throws
        -> T
    {
        let database = try await Database.open(location, logger: logger)
        do {
            try await Migrator(migrations: migrations).migrate(database, logger: logger)
            let value = try await body(database)
            try await database.close()
            return value
        } catch {
            try? await database.close()
            throw error
        }
    }

    private static func administer(_ url: String, _ statement: String) async throws {
        let admin = try await Database.open(.postgres(url: url), logger: logger)
        do {
            try await admin.read { try await $0.raw(SQLQueryString(statement)).run() }
            try await admin.close()
        } catch {
            try? await admin.close()
            throw error
        }
    }
}

extension Database {
    /// Runs `body` with another connection to the same database, as another process would
    /// have, and closes it afterwards whether `body` succeeded or threw (SQLite insists).
    public func withAnotherConnection<T: Sendable>(_ body: (Database) async throws -> T) async throws -> T {
        let other = try await Database.open(location, logger: ScratchDatabase.logger)
        do {
            let value = try await body(other)
            try await other.close()
            return value
        } catch {
            try? await other.close()
            throw error
        }
    }
}
