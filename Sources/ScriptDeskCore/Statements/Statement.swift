public import Foundation

/// One revision of a candidate's statement of results for a series: the first issued with
/// the results, and a new one each time a result is revised (an enquiry's outcome, an
/// appeal's decision, a missing result's correction) or a subject grade is awarded.
public struct Statement: Hashable, Sendable, Codable {
    /// What made a statement.
    public enum Cause: String, Sendable, Codable, CaseIterable {
        /// The results as issued.
        case issued
        /// An enquiry about results' outcome.
        case enquiry
        /// An appeal's decision.
        case appeal
        /// A missing or incomplete result's correction.
        case missingResult = "missing-result"
        /// A late certification's award.
        case certification

        /// The cause of a revision of a result.
        public init(_ cause: ResultRevision.Cause) {
            switch cause {
            case .enquiry: self = .enquiry
            case .appeal: self = .appeal
            case .missingResult: self = .missingResult
            case .certification: self = .certification
            }
        }

        /// Its name in a sentence: "an enquiry outcome".
        public var displayName: String {
            switch self {
            case .issued: "results as issued"
            case .enquiry: "an enquiry outcome"
            case .appeal: "an appeal decision"
            case .missingResult: "a missing or incomplete result correction"
            case .certification: "a late certification"
            }
        }
    }

    /// The published PDF.
    public struct Published: Hashable, Sendable, Codable {
        /// The object in the download area.
        public var objectID: String
        /// Its SHA-256, lowercase hex.
        public var sha256: String
        /// Its size.
        public var byteCount: Int64
        /// Its pages.
        public var pageCount: Int
        /// When it was published.
        public var publishedAt: Date

        /// A publication as recorded.
        public init(objectID: String, sha256: String, byteCount: Int64, pageCount: Int, publishedAt: Date) {
            self.objectID = objectID
            self.sha256 = sha256
            self.byteCount = byteCount
            self.pageCount = pageCount
            self.publishedAt = publishedAt
        }
    }

    /// Its identifier.
    public var id: String
    /// The series code.
    public var series: String
    /// The centre.
    public var centre: CentreNumber
    /// The candidate.
    public var candidate: CandidateNumber
    /// Its number among the candidate's statements for the series, from 1.
    public var revision: Int
    /// What made it.
    public var cause: Cause
    /// The id of the enquiry, appeal, query or certification that made it (the series code
    /// for the statement issued with the results).
    public var causeID: String
    /// When it was made: the date it bears.
    public var createdAt: Date
    /// The PDF, once published; `nil` while it is being made.
    public var published: Published?

    /// A statement as stored.
    public init(
        id: String,
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber,
        revision: Int,
        cause: Cause,
        causeID: String,
        createdAt: Date,
        published: Published?
    ) {
        self.id = id
        self.series = series
        self.centre = centre
        self.candidate = candidate
        self.revision = revision
        self.cause = cause
        self.causeID = causeID
        self.createdAt = createdAt
        self.published = published
    }

    /// The file name offered to the browser: `statement-2026-06-12345-0001-r2.pdf`.
    public var fileName: String {
        "statement-\(series)-\(centre.rawValue)-\(candidate.rawValue)-r\(revision).pdf"
    }
}
