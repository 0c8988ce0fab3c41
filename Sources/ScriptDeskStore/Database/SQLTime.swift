public import Foundation

/// How instants are stored: fixed-width ISO 8601 text in UTC with milliseconds
/// (`2026-08-13T08:00:00.000Z`), which sorts and compares correctly as text on every driver.
public enum SQLTime {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The stored form of `date`.
    public static func text(_ date: Date) -> String {
        date.formatted(style)
    }

    /// The instant a stored text names.
    public static func date(_ text: String) throws -> Date {
        guard let date = try? Date(text, strategy: style) else {
            throw StoreError.corruptValue(column: "time", value: text)
        }
        return date
    }
}
