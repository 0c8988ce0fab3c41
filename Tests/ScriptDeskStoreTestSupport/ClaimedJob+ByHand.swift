public import Foundation
public import ScriptDeskQueue

extension ClaimedJob {
    /// A claim made by hand at `now`, for running a job's handler directly, outside the
    /// workers, as a test that drives the clock does.
    public static func byHand(kind: String, payload: String = "{}", now: Date) -> ClaimedJob {
        ClaimedJob(
            id: 0,
            kind: kind,
            lane: .standard,
            payload: payload,
            attempt: 1,
            maxAttempts: 5,
            leaseToken: "test",
            leaseExpiresAt: now + 60,
            enqueuedAt: now
        )
    }
}
