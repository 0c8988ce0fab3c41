public import Foundation

/// The one way ScriptDesk writes and reads instants: ISO 8601 in UTC.
public enum ISO8601 {
    /// `2026-08-13T08:00:00Z`.
    public static func string(from date: Date) -> String {
        UTCTimestamp.text(date, milliseconds: false)
    }

    /// Parses an ISO 8601 instant with a time zone, with or without fractional seconds.
    public static func date(from text: String) -> Date? {
        if let date = UTCTimestamp.date(text) { return date }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
