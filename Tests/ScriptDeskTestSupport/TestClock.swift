public import Foundation
public import ScriptDeskCore
import Synchronization

/// A clock the test moves by hand.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    /// A clock that reads `start` until it is moved.
    public init(_ start: Date = WallClock.system.now) {
        current = Mutex(start)
    }

    /// The time on the clock.
    public var now: Date { current.withLock { $0 } }

    /// Moves the clock on by `seconds`.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }

    /// The clock as the code under test reads it.
    public var wallClock: WallClock { WallClock { self.now } }
}
