import ScriptDeskStore

/// The claim as one statement whose text is the same for every plan, so that each
/// connection prepares it once: parsing and planning it took longer than running it on an
/// idle queue (about 0.7 ms of each pickup on PostgreSQL). Its commit is not flushed on its
/// own (`SQLDialectKind.unflushedCommit`): a claim lost to a crash leaves its jobs waiting,
/// to be claimed again.
///
/// Every pass of `ClaimPlan.passes` is one walk down the claim index of its lane, oldest
/// first, materialised once (PostgreSQL would otherwise run it again for every row it
/// updates, and SKIP LOCKED would then hand out more than it may). A pass takes at most the
/// room the passes before it left, and a standard pass no more than its limit less the
/// standard jobs already picked, which it leaves out (this statement's own row locks do not
/// hide them). A pass whose room is nothing reads no row: its `LIMIT` is 0.
struct ClaimStatement: KeptStatement {
    /// The statement's parameters, numbered from 1 in this order.
    private enum Parameter: Int, CaseIterable {
        case limit = 1
        case standardLimit, standardFirst, now, agedBefore, token, expires, worker
    }

    let values: [KeptValue]

    /// Claims by `plan` for `worker` the jobs due at `now` (standard jobs due before
    /// `agedBefore` first), each given the lease `token` until `expires`; times as `SQLTime` text.
    init(plan: ClaimPlan, now: String, agedBefore: String, token: String, expires: String, worker: String) {
        values = Parameter.allCases.map { parameter in
            switch parameter {
            case .limit: .integer(plan.limit)
            case .standardLimit: .integer(plan.standardLimit)
            case .standardFirst: .integer(plan.standardFirst)
            case .now: .text(now)
            case .agedBefore: .text(agedBefore)
            case .token: .text(token)
            case .expires: .text(expires)
            case .worker: .text(worker)
            }
        }
    }

    static func text(in dialect: SQLDialectKind) -> String {
        dialect == .postgres ? postgres : sqlite
    }

    private static let postgres = build(in: .postgres)
    private static let sqlite = build(in: .sqlite)

    private static func build(in dialect: SQLDialectKind) -> String {
        let value = { (parameter: Parameter) in dialect.parameter(parameter.rawValue) }
        // PostgreSQL lets concurrent claimers skip rows another transaction holds; SQLite has
        // one writer at a time (`BEGIN IMMEDIATE`), so there is nothing to skip.
        let rowLock = dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        var picks: [String] = []
        var before: [(name: String, lane: Lane)] = []
        for pass in ClaimPlan.passes {
            let name = "pass\(picks.count)"
            let standardBefore = before.filter { $0.lane == .standard }.map(\.name)
            var room = value(.limit) + minusCounts(before.map(\.name))
            if pass.lane == .standard {
                let standardRoom = value(parameter(for: pass.most)) + minusCounts(standardBefore)
                room = "CASE WHEN \(room) < \(standardRoom) THEN \(room) ELSE \(standardRoom) END"
            }
            let exclusion = pass.lane == .standard ? standardBefore.map { " AND id NOT IN (SELECT id FROM \($0))" }.joined() : ""
            picks.append(
                """
                \(name) AS MATERIALIZED (
                    SELECT id FROM jobs WHERE state = 'waiting' AND lane = '\(pass.lane.rawValue)'
                        AND run_at <= \(value(pass.aged ? .agedBefore : .now))\(exclusion)
                        AND NOT EXISTS (SELECT 1 FROM queue_lanes WHERE lane = '\(pass.lane.rawValue)' AND paused = 1)
                    ORDER BY run_at, id LIMIT (SELECT CASE WHEN \(room) > 0 THEN \(room) ELSE 0 END)\(rowLock))
                """
            )
            before.append((name, pass.lane))
        }
        var picked = picks.indices.map { "SELECT id FROM pass\($0)" }.joined(separator: " UNION ALL ")
        // PostgreSQL plans a kept statement once for any values (a generic plan), and without
        // the values it guesses hundreds of picks and joins them to every job in a scan that
        // grows with the table; as an array, the picks are looked up by key whatever it guesses.
        picked = dialect == .postgres ? "id = ANY(ARRAY(\(picked)))" : "id IN (\(picked))"
        return """
            WITH \(picks.joined(separator: ", "))
            UPDATE jobs SET state = 'running', lease_token = \(value(.token)), lease_expires_at = \(value(.expires)),
                worker_id = \(value(.worker)), attempts = attempts + 1, started_at = \(value(.now)), updated_at = \(value(.now))
            WHERE \(SQLJobQueue.stateCheck) = 'waiting' AND \(picked) AND \(dialect.unflushedCommit)
            RETURNING id, kind, lane, payload, attempts, max_attempts, created_at, run_at
            """
    }

    private static func parameter(for limit: ClaimPlan.Limit) -> Parameter {
        switch limit {
        case .total: .limit
        case .standard: .standardLimit
        case .standardFirst: .standardFirst
        }
    }

    /// ` - (SELECT COUNT(*) FROM a) - …` for the named picks.
    private static func minusCounts(_ names: [String]) -> String {
        names.map { " - (SELECT COUNT(*) FROM \($0))" }.joined()
    }
}
