public import Foundation
import Logging
import SQLKit
import ScriptDeskCore
import ScriptDeskStore

/// Worker processes, periodic jobs and retention.
extension SQLJobQueue {
    /// Upserts the process's row (with this process's host, id and release, since the workers
    /// beat from the process they run in) in one transaction, deletes rows silent for twenty
    /// minutes, and returns the slot count operations asked for.
    public func workerHeartbeat(_ worker: String, concurrency: Int, now: Date) async throws -> Int? {
        let stamp = SQLTime.text(now)
        let process = ProcessInfo.processInfo
        return try await database.transaction { db in
            let row = try await db.raw(
                """
                INSERT INTO queue_workers (id, concurrency, started_at, heartbeat_at, host, process_id, version)
                VALUES (\(bind: worker), \(bind: concurrency), \(bind: stamp), \(bind: stamp), \(bind: process.hostName),
                    \(bind: Int(process.processIdentifier)), \(bind: Release.version))
                ON CONFLICT (id) DO UPDATE SET concurrency = excluded.concurrency, heartbeat_at = excluded.heartbeat_at
                RETURNING desired_concurrency
                """
            ).first()
            // Processes killed without a goodbye drop off once they are well past gone.
            let forgotten = SQLTime.text(now.addingTimeInterval(-10 * QueueSnapshot.workerGone))
            try await db.raw("DELETE FROM queue_workers WHERE heartbeat_at < \(bind: forgotten)").run()
            return try row?.decode(column: "desired_concurrency", as: Int?.self)
        }
    }

    /// Deletes the process's row.
    public func workerStopped(_ worker: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM queue_workers WHERE id = \(bind: worker)").run()
        }
    }

    /// Sets the slot count (at least one) on the rows of processes heard from in the last two
    /// minutes, or the one named, and logs the change.
    public func setConcurrency(_ concurrency: Int, worker: String?, now: Date) async throws -> [String] {
        let alive = SQLTime.text(now.addingTimeInterval(-QueueSnapshot.workerGone))
        let which: SQLQueryString = worker.map { "AND id = \(bind: $0)" } ?? ""
        let asked = try await database.transaction { db in
            try await db.raw(
                """
                UPDATE queue_workers SET desired_concurrency = \(bind: max(concurrency, 1))
                WHERE heartbeat_at >= \(bind: alive) \(which)
                RETURNING id
                """
            ).all().map { try $0.decode(column: "id", as: String.self) }.sorted()
        }
        logger.notice("Worker concurrency changed", metadata: ["scriptdesk.workers": "\(asked)", "scriptdesk.concurrency": "\(concurrency)"])
        return asked
    }

    /// Claims each period by inserting `(name, period start)` and enqueues the job in the same
    /// transaction, one transaction per schedule.
    public func schedule(_ periodic: [PeriodicJob], now: Date) async throws -> [String] {
        var enqueued: [String] = []
        for entry in periodic {
            let period = SQLTime.text(entry.periodStart(containing: now))
            let won = try await database.transaction { db -> Bool in
                guard
                    try await db.raw(
                        """
                        INSERT INTO queue_periodic_runs (name, period_start, job_id) VALUES (\(bind: entry.name), \(bind: period), 0)
                        ON CONFLICT (name, period_start) DO NOTHING
                        RETURNING name
                        """
                    ).first() != nil
                else { return false }
                var job = entry.job
                job.runAt = nil
                let id = try await enqueue(job, in: db, now: now)
                try await db.raw(
                    "UPDATE queue_periodic_runs SET job_id = \(bind: id) WHERE name = \(bind: entry.name) AND period_start = \(bind: period)"
                ).run()
                return true
            }
            if won { enqueued.append(entry.name) }
        }
        return enqueued
    }

    /// Deletes up to `limit` (at least one) succeeded or cancelled jobs, oldest first, with
    /// their errors, and the periodic runs of periods and the per-minute counts of minutes that
    /// started before `cutoff`, in one transaction.
    public func prune(finishedBefore cutoff: Date, limit: Int) async throws -> Int {
        let before = SQLTime.text(cutoff)
        let pruned = try await database.transaction { db -> Int in
            let ids: [any Encodable & Sendable] = try await db.raw(
                """
                SELECT id FROM jobs WHERE state IN ('succeeded', 'cancelled') AND finished_at < \(bind: before)
                ORDER BY finished_at LIMIT \(bind: max(limit, 1))
                """
            ).all().map { Int64(try $0.decode(column: "id", as: Int.self)) }
            try await db.raw("DELETE FROM queue_periodic_runs WHERE period_start < \(bind: before)").run()
            try await QueueMinutes.prune(before: cutoff, on: db)
            guard !ids.isEmpty else { return 0 }
            try await db.raw("DELETE FROM job_errors WHERE job_id IN (\(binds: ids))").run()
            try await db.raw("DELETE FROM jobs WHERE id IN (\(binds: ids))").run()
            return ids.count
        }
        if pruned > 0 { logger.info("Pruned finished jobs", metadata: ["scriptdesk.jobs.pruned": "\(pruned)"]) }
        return pruned
    }
}
