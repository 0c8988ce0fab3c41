public import Foundation

/// Where ScriptDesk reads the time of day: the system's clock in production, one a test
/// moves by hand. Everything that stamps, compares or decides by the time takes one, so no
/// rule or record depends on when a test happens to run.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that reads `read` each time it is asked.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The time now.
    public var now: Date { read() }

    /// The system's clock.
    public static let system = WallClock { Date() }
}
