import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore
public import ScriptDeskTransfer

/// Tells the centre's exams officer how a missing or incomplete results query was resolved,
/// by email: the reference, what was queried, and the correction (old and new mark and
/// grade, and why) or the explanation. The job is enqueued in the transaction that records
/// the resolution, so a resolution is never recorded without its email to follow; the
/// message keeps one Message-ID however often a retry sends it.
public struct ResultQueryResolutionMail: JobHandler {
    /// The job kind in the queue.
    public static let kind = "result-query.resolution-mail"

    let database: Database
    let mailer: any Mailer
    let mailFrom: EmailAddress
    let clock: WallClock

    /// Sends through `mailer` from `mailFrom`.
    public init(database: Database, mailer: any Mailer, mailFrom: EmailAddress, clock: WallClock) {
        self.database = database
        self.mailer = mailer
        self.mailFrom = mailFrom
        self.clock = clock
    }

    private struct Payload: Codable {
        var query: String
    }

    /// The job that mails `query`'s resolution.
    static func job(for query: ResultQuery) throws -> NewJob {
        NewJob(
            kind: kind,
            lane: .standard,
            payload: String(decoding: try JSONEncoder().encode(Payload(query: query.id)), as: UTF8.self),
            uniqueKey: "\(kind):\(query.id)",
            about: JobSubject(centre: query.centre.rawValue, candidate: query.candidate.rawValue, component: query.component)
        )
    }

    /// Sends the resolution of the job's query; a centre with no exams officer address is
    /// skipped, a transient mail failure retried.
    public func run(_ job: ClaimedJob) async throws {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)) else {
            throw JobFailure(code: "job.bad_payload", message: "The job's payload is not a result query resolution's.", isTransient: false)
        }
        let found = try await database.read { db -> (ResultQuery, Centre?)? in
            guard let query = try await ResultQueries().find(payload.query, scope: .everyCentre, on: db) else { return nil }
            return (query, try await ReferenceData().centre(query.centre, on: db))
        }
        guard let (query, centre) = found, let resolution = query.resolution else {
            throw JobFailure(code: "mir.not_found", message: "Result query \(payload.query) has no resolution to send.", isTransient: false)
        }
        guard let centre, let address = centre.examsOfficerEmail else { return }
        let message: EmailMessage
        do throws(EmailMessageError) {
            message = try EmailMessage(
                from: mailFrom,
                to: [EmailAddress(address, name: "Exams officer, \(centre.name)")],
                subject: Self.subject(query, resolution),
                body: Self.body(query, resolution, centre: centre),
                date: clock.now,
                messageID: "result-query-resolution.\(query.id)@\(mailFrom.domain)"
            )
        } catch {
            throw JobFailure(code: error.code, message: error.message, isTransient: false)
        }
        do {
            try await mailer.send(message)
        } catch let error as MailError {
            throw JobFailure.mail(error)
        }
    }

    /// Nothing waits on the email: the resolution stands, and the dead job is on the console.
    public func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}

    /// A mark as the email writes it: the number, or "none" for a missing one.
    static func mark(_ mark: Int?) -> String {
        mark.map(String.init) ?? "none"
    }

    static func subject(_ query: ResultQuery, _ resolution: ResultQueryResolution) -> String {
        let what: String
        switch resolution.outcome {
        case .corrected(let correction): what = "result corrected to mark \(correction.mark), grade \(correction.grade)"
        case .explained: what = "result unchanged"
        }
        return "Query \(query.reference) (\(query.component), candidate \(query.candidate.rawValue)): \(what)"
    }

    static func body(_ query: ResultQuery, _ resolution: ResultQueryResolution, centre: Centre) -> String {
        let indicator = query.indicator.map { " (indicator \"\($0.rawValue)\")" } ?? ""
        let answer: String
        switch resolution.outcome {
        case .corrected(let correction):
            answer = """
                The result has been corrected.

                Mark before: \(mark(correction.previousMark)), grade \(correction.previousGrade ?? "none")
                Mark after:  \(correction.mark), grade \(correction.grade)
                Reason: \(correction.reason)

                The candidate's results and statement of results show the corrected result.
                """
        case .explained(let reason):
            answer = """
                The result stands unchanged.

                Explanation: \(reason)
                """
        }
        return """
            Dear exams officer,

            Your query about \(query.reason.displayName)\(indicator) on behalf of \(centre.name) (centre \(centre.number)), \
            reference \(query.reference), for candidate \(query.candidate.rawValue) in \(query.component) \
            (series \(query.series)), has been resolved.

            You told us: \(query.detail)

            \(answer)

            This message was sent automatically by ScriptDesk.
            """
    }
}
