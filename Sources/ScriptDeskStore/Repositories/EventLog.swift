import Foundation
import SQLKit
import ScriptDeskCore

/// The timeline table of one kind of case (enquiries, appeals): rows of when, the status it
/// left the case in, and what happened, in the order they were written.
struct EventLog: Sendable {
    /// The table, such as `enquiry_events`.
    let table: String
    /// Its column naming the case, such as `enquiry_id`.
    let key: String

    /// Appends `event` to case `id`'s timeline.
    func append(_ event: EnquiryEvent, to id: String, on db: StoreConnection) async throws {
        try await db.raw(
            """
            INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: key), at, status, detail)
            VALUES (\(bind: id), \(bind: SQLTime.text(event.at)), \(bind: event.status.rawValue), \(bind: event.detail))
            """
        ).run()
    }

    /// Case `id`'s timeline, oldest first.
    func entries(of id: String, on db: StoreConnection) async throws -> [EnquiryEvent] {
        try await db.raw("SELECT at, status, detail FROM \(unsafeRaw: table) WHERE \(unsafeRaw: key) = \(bind: id) ORDER BY id").all().map { row in
            EnquiryEvent(at: try row.date("at"), status: try row.value("status", as: Enquiry.Status.self), detail: try row.string("detail"))
        }
    }
}

extension CentreScope {
    /// The scope as a condition on a table with a `centre_number` column.
    var clause: SQLQueryString {
        switch self {
        case .everyCentre: "1 = 1"
        case .centre(let centre): "centre_number = \(bind: centre.rawValue)"
        case .nothing: "1 = 0"
        }
    }
}
