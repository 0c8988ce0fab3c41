public import Foundation
import SQLKit
public import ScriptDeskStore

/// Jobs finished per lane and minute, with their time in queue and run time counted into
/// powers-of-two buckets of milliseconds. Completions add to them as they are recorded, so
/// the console reads at most a few hundred rows for the last hour, however many jobs ran.
/// A percentile read from them is exact to within its bucket (a factor of two), which is
/// what a latency chart needs; a completion lost to a crash may leave its minute one short.
public enum QueueMinutes {
    /// What is counted.
    public enum Measure: String, Sendable, CaseIterable {
        /// From due to claimed.
        case queued
        /// From claimed to finished.
        case run
    }

    /// The highest bucket: 2^30 ms is about twelve days; longer times count in it.
    static let topBucket = 30

    /// The bucket of a time: 0 holds under 2 ms, bucket `b` holds `2^b` up to `2^(b+1)` ms.
    public static func bucket(of seconds: TimeInterval) -> Int {
        let milliseconds = max(seconds * 1000, 0)
        guard milliseconds >= 2 else { return 0 }
        return min(Int(log2(milliseconds).rounded(.down)), topBucket)
    }

    /// The lower bound of bucket `b`, in seconds.
    public static func lowerBound(of bucket: Int) -> TimeInterval {
        bucket == 0 ? 0 : pow(2, Double(bucket)) / 1000
    }

    /// The minute an instant falls in, as stored (`2026-12-03T19:05`).
    public static func minute(of date: Date) -> String {
        String(SQLTime.text(date).prefix(16))
    }

    /// The start of the minute `date` falls in.
    public static func minuteStart(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }

    /// Adds the jobs finished at `now` to their minute's counts, in one statement on `db`.
    static func record(_ jobs: [ClaimedJob], finishedAt now: Date, on db: StoreConnection) async throws {
        var counts: [Key: Int] = [:]
        let minute = minute(of: now)
        for job in jobs {
            let queued = job.claimedAt.timeIntervalSince(job.dueAt)
            let run = now.timeIntervalSince(job.claimedAt)
            counts[Key(lane: job.lane, minute: minute, measure: .queued, bucket: bucket(of: queued)), default: 0] += 1
            counts[Key(lane: job.lane, minute: minute, measure: .run, bucket: bucket(of: run)), default: 0] += 1
        }
        guard !counts.isEmpty else { return }
        let rows = SQLList(
            counts.sorted { $0.key < $1.key }.map { key, n in
                SQLQueryString(
                    "(\(bind: key.lane.rawValue), \(bind: key.minute), \(bind: key.measure.rawValue), \(bind: key.bucket), \(bind: n))"
                )
            }
        )
        try await db.raw(
            """
            INSERT INTO queue_minutes (lane, minute, measure, bucket, n) VALUES \(rows)
            ON CONFLICT (lane, minute, measure, bucket) DO UPDATE SET n = queue_minutes.n + excluded.n
            """
        ).run()
    }

    /// Deletes the counts of minutes before `cutoff`.
    static func prune(before cutoff: Date, on db: StoreConnection) async throws {
        try await db.raw("DELETE FROM queue_minutes WHERE minute < \(bind: minute(of: cutoff))").run()
    }

    private struct Key: Hashable, Comparable {
        var lane: Lane
        var minute: String
        var measure: Measure
        var bucket: Int

        static func < (a: Key, b: Key) -> Bool {
            (a.lane.rawValue, a.measure.rawValue, a.bucket) < (b.lane.rawValue, b.measure.rawValue, b.bucket)
        }
    }
}

/// A distribution of times as bucket counts, and the percentiles read from it.
public struct TimeHistogram: Sendable, Hashable {
    /// Jobs per bucket (see `QueueMinutes.bucket(of:)`).
    public var counts: [Int: Int] = [:]

    /// An empty histogram.
    public init() {}

    /// How many times it holds.
    public var total: Int { counts.values.reduce(0, +) }

    /// Adds `n` times of bucket `bucket`.
    public mutating func add(bucket: Int, _ n: Int) {
        counts[bucket, default: 0] += n
    }

    /// The time below which `fraction` of them fall, interpolated within its bucket; `nil`
    /// when it holds none.
    public func percentile(_ fraction: Double) -> TimeInterval? {
        let total = total
        guard total > 0 else { return nil }
        let rank = fraction * Double(total)
        var below = 0
        for bucket in counts.keys.sorted() {
            let n = counts[bucket] ?? 0
            if Double(below + n) >= rank {
                let low = QueueMinutes.lowerBound(of: bucket)
                let high = QueueMinutes.lowerBound(of: bucket + 1)
                let within = n == 0 ? 0 : (rank - Double(below)) / Double(n)
                return low + (high - low) * min(max(within, 0), 1)
            }
            below += n
        }
        return QueueMinutes.lowerBound(of: QueueMinutes.topBucket + 1)
    }
}
