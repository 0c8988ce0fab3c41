public import Foundation
import ScriptDeskCore
import Synchronization

/// How many refused download attempts one client address may make in a minute, in this
/// process. Past the limit, its attempts are refused at once, before the token is read or
/// the database touched, until the minute that began with its first refusal is over: a
/// client guessing or replaying tokens costs neither lookups nor audit writes.
public final class RefusalLimiter: Sendable {
    private let perMinute: Int
    /// Per address: when its minute began, and its refusals since.
    private let windows = Mutex<[String: (start: Date, refusals: Int)]>([:])
    /// Addresses kept before the stale ones are swept out.
    private static let sweepAbove = 10_000

    /// A limiter allowing `perMinute` refusals a minute per address.
    public init(perMinute: Int) {
        self.perMinute = perMinute
    }

    /// Throws `tooManyRefusals` when `address` has used its refusals for the minute.
    func check(_ address: String, now: Date) throws(LinkRefusal) {
        let wait = windows.withLock { windows -> Int? in
            guard let window = windows[address], window.refusals >= perMinute else { return nil }
            let left = window.start.addingTimeInterval(60).timeIntervalSince(now)
            return left > 0 ? Int(left.rounded(.up)) : nil
        }
        if let wait { throw .tooManyRefusals(retryAfter: wait) }
    }

    /// Counts a refusal of `address`.
    func note(_ address: String, now: Date) {
        windows.withLock { windows in
            if windows.count > Self.sweepAbove {
                windows = windows.filter { now.timeIntervalSince($0.value.start) < 60 }
            }
            if let window = windows[address], now.timeIntervalSince(window.start) < 60 {
                windows[address] = (window.start, window.refusals + 1)
            } else {
                windows[address] = (now, 1)
            }
        }
    }
}
