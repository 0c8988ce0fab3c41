import Foundation
public import ScriptDeskCore
import ScriptDeskStore

extension EnquiryDesk {
    /// The most enquiries one bulk submission holds.
    public static let bulkLimit = 2_000

    /// Checks every one of `submissions`, by the same rules as one enquiry, in one
    /// transaction: if any is refused, the transaction is rolled back (nothing is recorded)
    /// and the error lists each refusal by its place in the list (from zero); otherwise all
    /// are recorded together. Two rows asking for a review of marking of the same result
    /// refuse the second, as two submissions would.
    public func submitAll(_ submissions: [EnquirySubmission], by caller: Caller) async throws -> [Enquiry] {
        guard submissions.count <= Self.bulkLimit else { throw BulkEnquiryError.tooMany(limit: Self.bulkLimit) }
        guard !submissions.isEmpty else { throw BulkEnquiryError.empty }
        let centre = try makingCentre(of: caller)
        let now = clock.now
        return try await database.transaction { db in
            var refusals: [BulkEnquiryError.Refusal] = []
            var accepted: [Enquiry] = []
            for (index, submission) in submissions.enumerated() {
                do {
                    accepted.append(try await accept(submission, centre: centre, by: caller, now: now, on: db))
                } catch let error as EnquiryError {
                    refusals.append(.init(index: index, code: error.code, message: error.message))
                } catch let error as IntakeError {
                    refusals.append(.init(index: index, code: error.code, message: error.message))
                }
            }
            guard refusals.isEmpty else { throw BulkEnquiryError.refused(refusals) }
            return accepted
        }
    }
}

/// Why a bulk submission of enquiries was not accepted; nothing of it was recorded.
public enum BulkEnquiryError: ScriptDeskError, Sendable, Hashable {
    /// One refused row: its place in the list (from zero), and the refusal's code and words.
    public struct Refusal: Sendable, Hashable {
        /// The row's place in the submitted list, from zero.
        public var index: Int
        /// The refusal's stable code, such as `enquiry.consent_missing`.
        public var code: String
        /// What was refused and what to do.
        public var message: String
    }

    /// These rows were refused.
    case refused([Refusal])
    /// More rows than one submission holds.
    case tooMany(limit: Int)
    /// No rows.
    case empty

    /// `enquiry.bulk_refused`, `enquiry.bulk_too_many` or `enquiry.bulk_empty`.
    public var code: String {
        switch self {
        case .refused: "enquiry.bulk_refused"
        case .tooMany: "enquiry.bulk_too_many"
        case .empty: "enquiry.bulk_empty"
        }
    }

    /// What to change.
    public var message: String {
        switch self {
        case .refused(let rows):
            "\(rows.count) row\(rows.count == 1 ? " was" : "s were") refused, so no enquiry was made; correct them and send the file again."
        case .tooMany(let limit): "A file holds at most \(limit) enquiries; split it into smaller files."
        case .empty: "The file holds no enquiries."
        }
    }
}
