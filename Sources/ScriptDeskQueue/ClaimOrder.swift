import Foundation

/// Which lane a claim looks at first.
public enum ClaimOrder: Sendable, Hashable {
    /// Priority work first; a standard job that has waited past the ageing limit is taken
    /// before it, so no job waits for ever.
    case priorityFirst
    /// Standard work first (the standard lane's guaranteed share of claims), then priority.
    case standardFirst
    /// Priority work only: the slots reserved so that a priority job starts at once even
    /// while every other slot is busy with standard work.
    case priorityOnly

    /// The lanes to try, in order; `aged` marks the pass for standard jobs past the ageing limit.
    var passes: [(lane: Lane, aged: Bool)] {
        switch self {
        case .priorityFirst: [(.standard, true), (.priority, false), (.standard, false)]
        case .standardFirst: [(.standard, false), (.priority, false)]
        case .priorityOnly: [(.priority, false)]
        }
    }
}
