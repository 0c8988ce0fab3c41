import Foundation
public import Logging
import SQLKit
public import ScriptDeskCore

/// Brings a database's schema up to date, each step in its own transaction.
public struct Migrator: Sendable {
    /// Every step, in the order they apply.
    public var migrations: [Migration]

    /// A migrator over `migrations`, in the order they apply.
    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Applies the steps not yet applied and returns their identifiers.
    ///
    /// Several processes may start at once against one database: each step's transaction
    /// first takes the migration lock (`SQLDialectKind.migrationLock`, or on SQLite the
    /// write lock), then checks again that no other process applied the step meanwhile.
    /// Every step is applied once, by whichever process comes first; the others skip it.
    @discardableResult
    public func migrate(_ database: Database, logger: Logger, clock: WallClock = .system) async throws -> [String] {
        try await database.transaction { db in
            try await Self.lock(db)
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            ).run()
        }
        let applied = try await database.read { db in
            try await db.raw("SELECT id FROM schema_migrations").all().map { try $0.decode(column: "id", as: String.self) }
        }
        let known = Set(migrations.map(\.id))
        let unknown = applied.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw StoreError.schemaTooNew(found: applied.count, known: migrations.count)
        }
        var done: [String] = []
        for migration in migrations where !applied.contains(migration.id) {
            let applied = try await database.transaction { db in
                try await Self.lock(db)
                let present = try await db.raw("SELECT id FROM schema_migrations WHERE id = \(bind: migration.id)").first()
                guard present == nil else { return false }
                for statement in migration.statements(database.dialect) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw(
                    "INSERT INTO schema_migrations (id, applied_at) VALUES (\(bind: migration.id), \(bind: SQLTime.text(clock.now)))"
                ).run()
                return true
            }
            guard applied else { continue }
            logger.info("Applied migration", metadata: ["scriptdesk.migration": "\(migration.id)"])
            done.append(migration.id)
        }
        return done
    }

    /// Takes the migration lock for the rest of the transaction on `db`.
    private static func lock(_ db: StoreConnection) async throws {
        guard let statement = db.dialect.migrationLock else { return }
        try await db.raw(SQLQueryString(statement)).run()
    }
}
