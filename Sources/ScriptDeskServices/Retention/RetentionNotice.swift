import Foundation
import ScriptDeskCore
import ScriptDeskTransfer

/// The warning a centre gets before its copies of a series are deleted: how many, and when.
struct RetentionNotice: Sendable, Hashable {
    var series: Series
    var centre: Centre
    var copies: Int

    /// The same for every sending of this warning, so a warning sent again after a crash
    /// is known to mail readers as the same message.
    func messageID(at domain: String) -> String {
        "retention.\(series.code).\(centre.number)@\(domain)"
    }

    var subject: String {
        "\(copies) script \(copies == 1 ? "copy" : "copies") from \(series.name) will be deleted on \(Self.day(series.calendar.scriptRetentionEnd))"
    }

    var body: String {
        let end = series.calendar.scriptRetentionEnd
        let these = copies == 1 ? "This copy" : "These copies"
        return """
            Dear exams officer,

            \(centre.name) (centre \(centre.number)) has \(copies) \(copies == 1 ? "copy" : "copies") of marked \
            scripts from the \(series.name) series (\(series.code)) in the ScriptDesk download area.

            \(these) will be deleted at the end of the series' script retention, at \(ISO8601.string(from: end)) \
            (UTC), and \(copies == 1 ? "its download link stops" : "their download links stop") working then. \
            Download any copy you need to keep before that time.

            This message was sent automatically by ScriptDesk; it is sent once for each series.
            """
    }

    /// The message to the centre's exams officer, or `nil` when the centre has no address.
    func message(from sender: EmailAddress, date: Date) throws(EmailMessageError) -> EmailMessage? {
        guard let address = centre.examsOfficerEmail else { return nil }
        return try EmailMessage(
            from: sender,
            to: [EmailAddress(address, name: "Exams officer, \(centre.name)")],
            subject: subject,
            body: body,
            date: date,
            messageID: messageID(at: sender.domain)
        )
    }

    /// `2027-03-01`.
    static func day(_ date: Date) -> String {
        String(ISO8601.string(from: date).prefix(10))
    }
}
