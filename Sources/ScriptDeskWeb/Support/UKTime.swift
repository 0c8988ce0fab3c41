import Foundation

/// Dates as UK centres read them: in London's time, "Tuesday 9 December 2026 at 23:59",
/// and how long is left before a deadline.
enum UKTime {
    private static let london = TimeZone(identifier: "Europe/London") ?? .gmt

    /// "Tuesday 9 December 2026 at 23:59".
    static func dateAndTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        // Without a locale the symbols are the root locale's: "Thu" and "M12".
        calendar.locale = Locale(identifier: "en_GB")
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute], from: date)
        let weekday = calendar.weekdaySymbols[(parts.weekday ?? 1) - 1]
        let month = calendar.monthSymbols[(parts.month ?? 1) - 1]
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        return "\(weekday) \(parts.day ?? 1) \(month) \(parts.year ?? 0) at \(time)"
    }

    /// "14:05", the hour and minute in London.
    @Sendable static func clockTime(_ date: Date) -> String {
        String(dateAndTime(date).split(separator: " at ")[1])
    }

    /// "14:05:07", the hour, minute and second in London.
    static func timeWithSeconds(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// "3 Dec 2026 14:05:07": a moment in a table, short enough for a narrow column.
    static func brief(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        calendar.locale = Locale(identifier: "en_GB")
        let parts = calendar.dateComponents([.day, .month, .year], from: date)
        return "\(parts.day ?? 1) \(calendar.shortMonthSymbols[(parts.month ?? 1) - 1]) \(parts.year ?? 0) \(timeWithSeconds(date))"
    }

    /// "Thursday 27 August 2026".
    static func date(_ date: Date) -> String {
        String(dateAndTime(date).split(separator: " at ")[0])
    }

    /// "6 days left", "5 hours left", "40 minutes left"; "closed" once past.
    static func countdown(to deadline: Date, from now: Date) -> String {
        let seconds = deadline.timeIntervalSince(now)
        guard seconds >= 0 else { return "closed" }
        let (amount, unit): (Int, String) =
            seconds >= 86_400
            ? (Int(seconds / 86_400), "day")
            : seconds >= 3_600 ? (Int(seconds / 3_600), "hour") : (max(1, Int(seconds / 60)), "minute")
        return "\(amount) \(unit)\(amount == 1 ? "" : "s") left"
    }
}
