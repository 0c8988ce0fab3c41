public import Foundation

/// The one way ScriptDesk writes and reads instants: ISO 8601 in UTC.
public enum ISO8601 {
    /// `2026-08-13T08:00:00Z`.
    public static func string(from date: Date) -> String {
        UTCTimestamp.text(date, milliseconds: false)
    }

    /// The start (midnight UTC) of a calendar day written `YYYY-MM-DD`, or `nil` when it is
    /// not a real day.
    public static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
            calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day)
        else { return nil }
        return date
    }

    /// Parses an ISO 8601 instant with a time zone, with or without fractional seconds.
    public static func date(from text: String) -> Date? {
        if let date = UTCTimestamp.date(text) { return date }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
