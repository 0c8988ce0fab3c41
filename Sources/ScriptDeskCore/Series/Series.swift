import Foundation

/// An examination series, such as June 2026 (`2026-06`).
public struct Series: Hashable, Sendable, Codable {
    /// The series code, `YYYY-MM`.
    public var code: String
    /// A name for people, such as "June 2026".
    public var name: String
    /// The series' dates.
    public var calendar: SeriesCalendar
    /// Where this series' scanned scripts lie: a URL template with `{series}`, `{component}`
    /// (the folder name `pathSegment(_:)` gives), `{centre}` and `{candidate}` placeholders,
    /// resolved to a folder holding `manifest.json`.
    public var archiveURLTemplate: String

    /// A series as configured.
    public init(code: String, name: String, calendar: SeriesCalendar, archiveURLTemplate: String) {
        self.code = code
        self.name = name
        self.calendar = calendar
        self.archiveURLTemplate = archiveURLTemplate
    }

    /// The archive folder name of a component: its code percent-encoded, so that `H240/01`
    /// is the folder `H240%2F01` while `H240-01` stays `H240-01`. Distinct codes always
    /// name distinct folders, and no name holds a `/`.
    public static func pathSegment(_ component: String) -> String {
        PercentEncoding.encode(component)
    }

    /// Whether `text` has the `YYYY-MM` shape of a series code.
    public static func isValidCode(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            index == 4 || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
    }
}
