import Synchronization

/// Counts this process's claims by lane, so the slots that are not reserved for priority
/// work can give the standard lane its share of all claims (not just of their own).
final class LaneShare: Sendable {
    private let counts = Mutex((total: 0, standard: 0))

    /// The order for the next claim of a slot that may take either lane.
    func nextOrder(share: Double) -> ClaimOrder {
        counts.withLock { counts in
            Double(counts.standard) < share * Double(counts.total + 1) ? .standardFirst : .priorityFirst
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
