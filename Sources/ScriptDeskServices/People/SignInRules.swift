public import Foundation

/// How long sessions last and how failed sign-ins slow the next ones: settings, with the
/// defaults the README gives.
public struct SignInRules: Sendable, Hashable {
    /// A session unused this long has ended (30 minutes).
    public var idleTimeout: TimeInterval
    /// A session this old has ended however it was used (12 hours).
    public var absoluteTimeout: TimeInterval
    /// Failed sign-ins in a row to one account before each next attempt waits (3): 1 second,
    /// then 2, 4, … doubling.
    public var slowAfter: Int
    /// Failed sign-ins in a row to one account that pause it for `pause` (10).
    public var pauseAfter: Int
    /// How long an account (or address) is paused, and how long failures are remembered (15 minutes).
    public var pause: TimeInterval
    /// How many times an account's thresholds a client address may reach (5): a school's
    /// many people share one address.
    public var addressFactor: Int

    /// The rules; every default is the README's.
    public init(
        idleTimeout: TimeInterval = 30 * 60,
        absoluteTimeout: TimeInterval = 12 * 3600,
        slowAfter: Int = 3,
        pauseAfter: Int = 10,
        pause: TimeInterval = 15 * 60,
        addressFactor: Int = 5
    ) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.slowAfter = slowAfter
        self.pauseAfter = pauseAfter
        self.pause = pause
        self.addressFactor = addressFactor
    }

    /// Until when the next attempt is refused after `failures` failures in a row, the last at
    /// `at`, for an account (`factor` 1) or an address (`addressFactor`).
    func pausedUntil(failures: Int, at: Date, factor: Int) -> Date? {
        if failures >= pauseAfter * factor { return at.addingTimeInterval(pause) }
        guard failures >= slowAfter * factor else { return nil }
        let doubling = min(failures - slowAfter * factor, 10)
        return at.addingTimeInterval(min(pause, TimeInterval(1 << doubling)))
    }
}
