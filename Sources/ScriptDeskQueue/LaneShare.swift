import Synchronization

/// Counts this process's claims by lane, so that the standard lane gets its share of all
/// claims while both lanes hold work.
final class LaneShare: Sendable {
    private let counts = Mutex((total: 0, standard: 0))

    /// How many of the next `limit` claims should look at the standard lane first, so that
    /// standard work has at least `share` of all claims.
    func standardFirst(limit: Int, share: Double) -> Int {
        counts.withLock { counts in
            let owed = Int((share * Double(counts.total + limit)).rounded(.up)) - counts.standard
            return min(max(owed, 0), limit)
        }
    }

    /// Records a claim.
    func record(_ lane: Lane) {
        counts.withLock { counts in
            counts.total += 1
            if lane == .standard { counts.standard += 1 }
        }
    }
}
