import Foundation

/// Which lane a single claim looks at first.
public enum ClaimOrder: Sendable, Hashable {
    /// Priority work first; a standard job that has waited past the ageing limit is taken
    /// before it, so no job waits for ever.
    case priorityFirst
    /// Standard work first (the standard lane's guaranteed share of claims), then priority.
    case standardFirst
    /// Priority work only: the slots reserved so that a priority job starts at once even
    /// while every other slot is busy with standard work.
    case priorityOnly

    /// The plan for claiming one job in this order.
    var plan: ClaimPlan {
        switch self {
        case .priorityFirst: ClaimPlan(limit: 1, standardLimit: 1, standardFirst: 0)
        case .standardFirst: ClaimPlan(limit: 1, standardLimit: 1, standardFirst: 1)
        case .priorityOnly: ClaimPlan(limit: 1, standardLimit: 0, standardFirst: 0)
        }
    }
}

/// How many jobs one claim takes, and from which lanes, in one transaction:
///
/// 1. standard jobs past the ageing limit (no job waits for ever);
/// 2. up to `standardFirst` standard jobs (the standard lane's share of claims);
/// 3. priority jobs;
/// 4. standard jobs with whatever room is left.
///
/// Standard jobs never take more than `standardLimit`, which keeps slots free for priority work.
public struct ClaimPlan: Sendable, Hashable {
    /// Jobs to claim at most.
    public var limit: Int
    /// Standard jobs to claim at most.
    public var standardLimit: Int
    /// Standard jobs to claim before any priority job.
    public var standardFirst: Int

    /// A plan for at most `limit` jobs, of which at most `standardLimit` standard and
    /// `standardFirst` standard before any priority job; each is clamped to zero or more and to
    /// the one before it.
    public init(limit: Int, standardLimit: Int, standardFirst: Int) {
        self.limit = max(limit, 0)
        self.standardLimit = min(max(standardLimit, 0), self.limit)
        self.standardFirst = min(max(standardFirst, 0), self.standardLimit)
    }

    /// One of the plan's three limits.
    enum Limit: Sendable {
        case total, standard, standardFirst
    }

    /// The plan's value of `limit`.
    subscript(_ limit: Limit) -> Int {
        switch limit {
        case .total: self.limit
        case .standard: standardLimit
        case .standardFirst: standardFirst
        }
    }

    /// One walk of a claim: a lane, whether only aged jobs count, and which of the plan's
    /// limits bounds it.
    struct Pass: Sendable {
        let lane: Lane
        let aged: Bool
        let most: Limit
    }

    /// The passes of every plan, in order.
    static let passes = [
        Pass(lane: .standard, aged: true, most: .standard),
        Pass(lane: .standard, aged: false, most: .standardFirst),
        Pass(lane: .priority, aged: false, most: .total),
        Pass(lane: .standard, aged: false, most: .standard),
    ]

    /// The passes in order: a lane, whether only aged jobs count, and how many to take at most.
    var passes: [(lane: Lane, aged: Bool, most: Int)] {
        Self.passes.map { ($0.lane, $0.aged, self[$0.most]) }
    }
}
