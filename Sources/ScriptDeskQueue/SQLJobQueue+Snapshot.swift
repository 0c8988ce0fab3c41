public import Foundation
import SQLKit
import ScriptDeskStore

/// The monitor's view of the queue.
extension SQLJobQueue {
    /// Reads the monitor's view in one read transaction (the depth in one before it), with at
    /// most `deadLimit` dead jobs, newest first.
    public func snapshot(now: Date, deadLimit: Int) async throws -> QueueSnapshot {
        let depth = try await depth()
        let stamp = SQLTime.text(now)
        let facts = try await database.read { db -> QueueSnapshot.Facts in
            var oldestDue: [Lane: Date] = [:]
            let oldest = try await db.raw(
                "SELECT lane, MIN(run_at) AS oldest FROM jobs WHERE state = 'waiting' AND run_at <= \(bind: stamp) GROUP BY lane"
            ).all()
            for row in oldest {
                guard let lane = Lane(rawValue: try row.decode(column: "lane", as: String.self)) else { continue }
                oldestDue[lane] = try SQLTime.date(row.decode(column: "oldest", as: String.self))
            }
            var succeeded: [[Lane: Int]] = []
            for window in QueueSnapshot.throughputWindows {
                let rows = try await db.raw(
                    """
                    SELECT lane, COUNT(*) AS n FROM jobs
                    WHERE state = 'succeeded' AND finished_at >= \(bind: SQLTime.text(now.addingTimeInterval(-window)))
                    GROUP BY lane
                    """
                ).all()
                var counts: [Lane: Int] = [:]
                for row in rows {
                    guard let lane = Lane(rawValue: try row.decode(column: "lane", as: String.self)) else { continue }
                    counts[lane] = try row.decode(column: "n", as: Int.self)
                }
                succeeded.append(counts)
            }
            let workers = try await db.raw(
                """
                SELECT id, concurrency, desired_concurrency, started_at, heartbeat_at FROM queue_workers
                WHERE heartbeat_at >= \(bind: SQLTime.text(now.addingTimeInterval(-QueueSnapshot.workerGone))) ORDER BY id
                """
            ).all().map { row in
                QueueSnapshot.WorkerProcess(
                    id: try row.decode(column: "id", as: String.self),
                    concurrency: try row.decode(column: "concurrency", as: Int.self),
                    requestedConcurrency: try row.decode(column: "desired_concurrency", as: Int?.self),
                    startedAt: try SQLTime.date(row.decode(column: "started_at", as: String.self)),
                    lastHeartbeatAt: try SQLTime.date(row.decode(column: "heartbeat_at", as: String.self)),
                    runningJobs: []
                )
            }
            let running = try await db.raw(
                "SELECT id, kind, lane, worker_id, attempts, lease_expires_at FROM jobs WHERE state = 'running' ORDER BY id"
            ).all().map { row in
                QueueSnapshot.RunningJob(
                    id: Int64(try row.decode(column: "id", as: Int.self)),
                    kind: try row.decode(column: "kind", as: String.self),
                    lane: Lane(rawValue: try row.decode(column: "lane", as: String.self)) ?? .standard,
                    worker: try row.decode(column: "worker_id", as: String?.self) ?? "",
                    attempt: try row.decode(column: "attempts", as: Int.self),
                    leaseExpiresAt: try SQLTime.date(row.decode(column: "lease_expires_at", as: String.self))
                )
            }
            let dead = try await db.raw(
                """
                SELECT id, kind, lane, attempts, last_error_code, last_error_message, finished_at FROM jobs
                WHERE state = 'dead' ORDER BY finished_at DESC, id DESC LIMIT \(bind: max(deadLimit, 0))
                """
            ).all().map { row in
                QueueSnapshot.DeadJob(
                    id: Int64(try row.decode(column: "id", as: Int.self)),
                    kind: try row.decode(column: "kind", as: String.self),
                    lane: Lane(rawValue: try row.decode(column: "lane", as: String.self)) ?? .standard,
                    attempts: try row.decode(column: "attempts", as: Int.self),
                    errorCode: try row.decode(column: "last_error_code", as: String?.self),
                    errorMessage: try row.decode(column: "last_error_message", as: String?.self),
                    diedAt: try row.decode(column: "finished_at", as: String?.self).map(SQLTime.date)
                )
            }
            return QueueSnapshot.Facts(
                depth: depth,
                paused: try await Self.pausedLanes(on: db),
                oldestDue: oldestDue,
                succeeded: succeeded,
                workers: workers,
                running: running,
                dead: dead
            )
        }
        return QueueSnapshot(takenAt: now, facts: facts)
    }
}
