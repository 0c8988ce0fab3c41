public import Foundation
import ScriptDeskCore

/// How instants are stored: fixed-width ISO 8601 text in UTC with milliseconds
/// (`2026-08-13T08:00:00.000Z`), which sorts and compares correctly as text on every driver.
public enum SQLTime {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The stored form of `date`.
    public static func text(_ date: Date) -> String {
        UTCTimestamp.text(date, milliseconds: true)
    }

    /// The instant a stored text names: the fixed form read directly, any other ISO 8601
    /// form with fractional seconds through Foundation.
    public static func date(_ text: String) throws -> Date {
        guard let date = UTCTimestamp.date(text) ?? (try? Date(text, strategy: style)) else {
            throw StoreError.corruptValue(column: "time", value: text)
        }
        return date
    }
}
