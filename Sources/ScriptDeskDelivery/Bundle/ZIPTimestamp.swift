import Foundation
import ScriptDeskCore

/// When an entry last changed, in the two forms a ZIP holds: MS-DOS date and time (in UTC
/// here, in two-second steps, clamped to 1980 through 2107) and, where it fits in 32 bits,
/// Unix seconds for the extended-timestamp extra field (0x5455) that unzip prefers.
struct ZIPTimestamp: Hashable, Sendable {
    /// Years since 1980 (7 bits), month (4 bits), day (5 bits).
    var dosDate: UInt16
    /// Hour (5 bits), minute (6 bits), seconds divided by two (5 bits).
    var dosTime: UInt16
    /// Seconds since 1970, or nil when they do not fit a signed 32-bit number.
    var unixSeconds: Int32?

    /// 1980-01-01T00:00:00Z, the first moment a DOS date can hold.
    private static let dosFirst: Double = 315_532_800
    /// 2107-12-31T23:59:59Z, the last.
    private static let dosLast: Double = 4_354_819_199

    init(_ date: Date) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        unixSeconds = Int32(exactly: seconds)
        let clamped = seconds.isNaN ? Self.dosFirst : min(max(seconds, Self.dosFirst), Self.dosLast)
        let whole = Int(clamped)
        let (year, month, day) = UTCTimestamp.civilDate(daysSince1970: Int64(whole / 86_400))
        let secondOfDay = whole % 86_400
        dosDate = UInt16((year - 1980) << 9 | month << 5 | day)
        dosTime = UInt16((secondOfDay / 3600) << 11 | (secondOfDay % 3600 / 60) << 5 | (secondOfDay % 60) / 2)
    }
}
