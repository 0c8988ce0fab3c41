/// Where a job stands.
public enum JobState: String, Sendable, Codable, CaseIterable {
    /// Waiting for its run time and a free worker.
    case waiting
    /// Claimed by a worker holding a lease.
    case running
    /// Finished successfully.
    case succeeded
    /// Failed for good, or ran out of attempts: needs attention.
    case dead
    /// Cancelled by operations.
    case cancelled
}
