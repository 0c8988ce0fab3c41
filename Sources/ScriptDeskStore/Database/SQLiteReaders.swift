import Logging
import SQLKit
import SQLiteKit
import Synchronization

/// Read-only connections to a SQLite file, each used by one task at a time. WAL lets them
/// read while the main connection writes, so a lookup waits neither for the main
/// connection's other work nor for a commit's flush; each read sees every commit made
/// before it began.
final class SQLiteReaders: Sendable {
    private struct Idle {
        var free: [Int]
        var waiters: [CheckedContinuation<Int, Never>] = []
    }

    private let connections: [SQLiteThreadedConnection]
    private let idle: Mutex<Idle>

    private init(connections: [SQLiteThreadedConnection]) {
        self.connections = connections
        self.idle = Mutex(Idle(free: Array(connections.indices)))
    }

    /// Opens `count` read-only connections to the file at `path`, which must already be in
    /// WAL mode. A reader never takes the write lock, so a short busy wait (only while
    /// another connection recovers the WAL) cannot hold up a writer.
    static func open(path: String, count: Int, logger: Logger) async throws -> SQLiteReaders {
        var opened: [SQLiteThreadedConnection] = []
        do {
            for _ in 0..<count {
                opened.append(
                    try await SQLiteThreadedConnection.open(.file(path: path), logger: logger) { sql in
                        for pragma in ["PRAGMA query_only = ON", "PRAGMA busy_timeout = 5000", "PRAGMA foreign_keys = ON"] {
                            try await sql.raw(SQLQueryString(pragma)).run()
                        }
                    }
                )
            }
        } catch {
            for connection in opened { try? await connection.close() }
            throw error
        }
        return SQLiteReaders(connections: opened)
    }

    /// Runs `body` on an idle reader, waiting for one if all are in use.
    func with<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let index = await acquire()
        defer { release(index) }
        return try await body(connections[index].sql)
    }

    private func acquire() async -> Int {
        await withCheckedContinuation { continuation in
            let index = idle.withLock { idle -> Int? in
                if let index = idle.free.popLast() { return index }
                idle.waiters.append(continuation)
                return nil
            }
            if let index { continuation.resume(returning: index) }
        }
    }

    private func release(_ index: Int) {
        let waiter = idle.withLock { idle -> CheckedContinuation<Int, Never>? in
            guard !idle.waiters.isEmpty else {
                idle.free.append(index)
                return nil
            }
            return idle.waiters.removeFirst()
        }
        waiter?.resume(returning: index)
    }

    /// Closes every reader.
    func close() async {
        for connection in connections { try? await connection.close() }
    }
}
