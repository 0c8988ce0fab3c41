import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore
public import ScriptDeskTransfer

/// Tells the centre's exams officer an enquiry's outcome by email: old and new mark and
/// grade, the reason, and the last day to appeal. The job is enqueued in the transaction
/// that records the outcome, so an outcome is never recorded without its email to follow;
/// the message keeps one Message-ID however often a retry sends it.
public struct EnquiryOutcomeMail: JobHandler {
    /// The job kind in the queue.
    public static let kind = "enquiry.outcome-mail"

    let database: Database
    let mailer: any Mailer
    let mailFrom: EmailAddress
    let rules: EnquiryPolicy
    let clock: WallClock

    /// Sends through `mailer` from `mailFrom`, with the last day to appeal under `rules`.
    public init(database: Database, mailer: any Mailer, mailFrom: EmailAddress, rules: EnquiryPolicy, clock: WallClock) {
        self.database = database
        self.mailer = mailer
        self.mailFrom = mailFrom
        self.rules = rules
        self.clock = clock
    }

    private struct Payload: Codable {
        var enquiry: String
    }

    /// The job that mails `enquiry`'s outcome.
    static func job(for enquiry: Enquiry) throws -> NewJob {
        NewJob(
            kind: kind,
            lane: .standard,
            payload: String(decoding: try JSONEncoder().encode(Payload(enquiry: enquiry.id)), as: UTF8.self),
            uniqueKey: "\(kind):\(enquiry.id)",
            about: JobSubject(centre: enquiry.centre.rawValue, candidate: enquiry.candidate?.rawValue, component: enquiry.component)
        )
    }

    /// Sends the outcome of the job's enquiry; a centre with no exams officer address is
    /// skipped, a transient mail failure retried.
    public func run(_ job: ClaimedJob) async throws {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)) else {
            throw JobFailure(code: "job.bad_payload", message: "The job's payload is not an enquiry outcome's.", isTransient: false)
        }
        let found = try await database.read { db -> (Enquiry, Centre?)? in
            guard let enquiry = try await Enquiries().find(payload.enquiry, scope: .everyCentre, on: db) else { return nil }
            return (enquiry, try await ReferenceData().centre(enquiry.centre, on: db))
        }
        guard let (enquiry, centre) = found, let outcome = enquiry.outcome else {
            throw JobFailure(code: "enquiry.not_found", message: "Enquiry \(payload.enquiry) has no outcome to send.", isTransient: false)
        }
        guard let centre, let address = centre.examsOfficerEmail else { return }
        let message: EmailMessage
        do throws(EmailMessageError) {
            message = try EmailMessage(
                from: mailFrom,
                to: [EmailAddress(address, name: "Exams officer, \(centre.name)")],
                subject: Self.subject(enquiry, outcome),
                body: Self.body(enquiry, outcome, centre: centre, appealBy: rules.appealBy(outcomeReceivedAt: outcome.receivedAt)),
                date: clock.now,
                messageID: "enquiry-outcome.\(enquiry.id)@\(mailFrom.domain)"
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

    /// Nothing waits on the email: the outcome stands, and the dead job is on the console.
    public func jobDied(_ job: ClaimedJob, failure: JobFailure, in transaction: StoreConnection) async throws {}

    static func subject(_ enquiry: Enquiry, _ outcome: EnquiryOutcome) -> String {
        let change =
            outcome.mark == outcome.previousMark
            ? "mark unchanged" : "mark \(outcome.previousMark) to \(outcome.mark), grade \(outcome.previousGrade) to \(outcome.grade)"
        return "Outcome of enquiry \(enquiry.reference) (\(enquiry.component), candidate \(enquiry.candidate?.rawValue ?? "cohort")): \(change)"
    }

    static func body(_ enquiry: Enquiry, _ outcome: EnquiryOutcome, centre: Centre, appealBy: Date) -> String {
        let fee =
            outcome.gradeChanged
            ? "The grade changed, so there is no fee for this enquiry."
            : "The grade did not change, so the fee of £\(Money.pounds(enquiry.feeInPence)) stands."
        return """
            Dear exams officer,

            The \(enquiry.service.displayName.dropFirst(2)) you asked for on behalf of \(centre.name) (centre \(centre.number)), \
            reference \(enquiry.reference), for candidate \(enquiry.candidate?.rawValue ?? "cohort") in \(enquiry.component) \
            (series \(enquiry.series)), has been completed.

            Mark before: \(outcome.previousMark), grade \(outcome.previousGrade)
            Mark after:  \(outcome.mark), grade \(outcome.grade)
            Reason: \(outcome.reason)

            \(fee)

            If the candidate wishes to appeal, the appeal must reach us by \(ISO8601.string(from: appealBy)) (UTC).

            This message was sent automatically by ScriptDesk.
            """
    }
}
