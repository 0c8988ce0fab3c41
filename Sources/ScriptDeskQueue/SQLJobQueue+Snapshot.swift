import Foundation
import SQLKit
import ScriptDeskStore

/// The monitor's view of the queue.
extension SQLJobQueue {
    public func snapshot(now: Date, deadLimit: Int) async throws -> QueueSnapshot {
        let depth = try await depth()
        let stamp = SQLTime.text(now)
        let windows: [TimeInterval] = [60, 300, 900]
        let (paused, oldest, finished, workers, running, dead) = try await database.read { db in
            let paused = try await Self.pausedLanes(on: db)
            let oldest = try await db.raw(
                "SELECT lane, MIN(run_at) AS oldest FROM jobs WHERE state = 'waiting' AND run_at <= \(bind: stamp) GROUP BY lane"
            ).all()
            var finished: [[any SQLRow]] = []
            for window in windows {
                finished.append(
                    try await db.raw(
                        """
                        SELECT lane, COUNT(*) AS n FROM jobs
                        WHERE state = 'succeeded' AND finished_at >= \(bind: SQLTime.text(now.addingTimeInterval(-window)))
                        GROUP BY lane
                        """
                    ).all()
                )
            }
            let workers = try await db.raw(
                """
                SELECT id, concurrency, desired_concurrency, started_at, heartbeat_at FROM queue_workers
                WHERE heartbeat_at >= \(bind: SQLTime.text(now.addingTimeInterval(-Self.workerGone))) ORDER BY id
                """
            ).all()
            let running = try await db.raw(
                "SELECT id, kind, lane, worker_id, attempts, lease_expires_at FROM jobs WHERE state = 'running' ORDER BY id"
            ).all()
            let dead = try await db.raw(
                """
                SELECT id, kind, lane, attempts, last_error_code, last_error_message, finished_at FROM jobs
                WHERE state = 'dead' ORDER BY finished_at DESC, id DESC LIMIT \(bind: max(deadLimit, 0))
                """
            ).all()
            return (paused, oldest, finished, workers, running, dead)
        }
        var oldestByLane: [Lane: Date] = [:]
        for row in oldest {
            guard let lane = Lane(rawValue: try row.decode(column: "lane", as: String.self)) else { continue }
            oldestByLane[lane] = try SQLTime.date(row.decode(column: "oldest", as: String.self))
        }
        let succeeded = try finished.map { rows in
            try Dictionary(
                uniqueKeysWithValues: rows.map { (try $0.decode(column: "lane", as: String.self), try $0.decode(column: "n", as: Int.self)) }
            )
        }
        let runningJobs = try running.map { row in
            QueueSnapshot.RunningJob(
                id: Int64(try row.decode(column: "id", as: Int.self)),
                kind: try row.decode(column: "kind", as: String.self),
                lane: Lane(rawValue: try row.decode(column: "lane", as: String.self)) ?? .standard,
                worker: try row.decode(column: "worker_id", as: String?.self) ?? "",
                attempt: try row.decode(column: "attempts", as: Int.self),
                leaseExpiresAt: try SQLTime.date(row.decode(column: "lease_expires_at", as: String.self))
            )
        }
        return QueueSnapshot(
            takenAt: now,
            lanes: Lane.allCases.map { lane in
                let counts = succeeded.map { $0[lane.rawValue] ?? 0 }
                return QueueSnapshot.LaneView(
                    lane: lane,
                    states: Dictionary(uniqueKeysWithValues: (depth[lane] ?? [:]).map { ($0.key.rawValue, $0.value) }),
                    oldestWaitingSeconds: oldestByLane[lane].map { max(now.timeIntervalSince($0), 0) },
                    paused: paused.contains(lane),
                    throughput: QueueSnapshot.Throughput(
                        lastMinute: counts[0],
                        last5Minutes: counts[1],
                        last15Minutes: counts[2],
                        perSecond: Double(counts[1]) / windows[1]
                    )
                )
            },
            workers: try workers.map { row in
                let id = try row.decode(column: "id", as: String.self)
                return QueueSnapshot.WorkerProcess(
                    id: id,
                    concurrency: try row.decode(column: "concurrency", as: Int.self),
                    requestedConcurrency: try row.decode(column: "desired_concurrency", as: Int?.self),
                    startedAt: try SQLTime.date(row.decode(column: "started_at", as: String.self)),
                    lastHeartbeatAt: try SQLTime.date(row.decode(column: "heartbeat_at", as: String.self)),
                    runningJobs: runningJobs.filter { $0.worker == id }.map(\.id)
                )
            },
            running: runningJobs,
            dead: try dead.map { row in
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
        )
    }
}
