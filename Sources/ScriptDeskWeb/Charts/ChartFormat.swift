import Foundation

/// How a chart's figures are written, on its axis, in its description and in its table.
enum ChartFormat {
    /// "42 jobs/min", "0.5 jobs/min".
    @Sendable static func jobsPerMinute(_ value: Double) -> String {
        "\(decimal(value)) jobs/min"
    }

    /// A time in seconds as people say it: "0 s", "350 ms", "1.2 s", "45 s", "12.5 min", "1.5 h".
    @Sendable static func duration(_ seconds: Double) -> String {
        switch seconds {
        case ...0: "0 s"
        case ..<1: "\(Int((seconds * 1000).rounded())) ms"
        case ..<600: "\(decimal(seconds)) s"
        case ..<7200: "\(decimal(seconds / 60)) min"
        default: "\(decimal(seconds / 3600)) h"
        }
    }

    /// Whole numbers as such, others to one decimal place: "42", "1.2"; never "1.0".
    static func decimal(_ value: Double) -> String {
        // Whole tenths in integer arithmetic: a chart writes thousands of these a second, and
        // `String(format:)` was most of an overview page's time.
        guard value.isFinite, value.magnitude < 1e15 else { return "0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// A coordinate for an SVG attribute: at most one decimal place, a full stop as the point.
    static func coordinate(_ value: Double) -> String {
        decimal(value)
    }

    /// `text` safe inside an XML element or a quoted attribute; characters XML cannot hold at all
    /// (controls other than tab and line breaks) are left out.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
