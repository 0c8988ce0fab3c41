public import Foundation

/// A centre's request for a copy of one marked script.
public struct ScriptRequest: Hashable, Sendable, Codable {
    /// The request's identifier.
    public var id: String
    /// The series code.
    public var series: String
    /// The centre that asked.
    public var centre: CentreNumber
    /// The candidate whose script it is.
    public var candidate: CandidateNumber
    /// The component code.
    public var component: String
    /// Priority or teaching copy.
    public var kind: ScriptCopyKind
    /// The candidate's consent as the centre attested it.
    public var consent: ConsentRecord
    /// The user who asked.
    public var requestedBy: String
    /// Where the request stands.
    public var status: ScriptRequestStatus
    /// When the request was accepted.
    public var createdAt: Date
    /// When the status last changed.
    public var updatedAt: Date
    /// The published copy, once ready.
    public var copy: PublishedCopy?
    /// Why the request failed, when it did.
    public var failure: Failure?

    /// A request as stored.
    public init(
        id: String,
        series: String,
        centre: CentreNumber,
        candidate: CandidateNumber,
        component: String,
        kind: ScriptCopyKind,
        consent: ConsentRecord,
        requestedBy: String,
        status: ScriptRequestStatus,
        createdAt: Date,
        updatedAt: Date,
        copy: PublishedCopy? = nil,
        failure: Failure? = nil
    ) {
        self.id = id
        self.series = series
        self.centre = centre
        self.candidate = candidate
        self.component = component
        self.kind = kind
        self.consent = consent
        self.requestedBy = requestedBy
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.copy = copy
        self.failure = failure
    }

    /// Whether the copy must carry no name or candidate number.
    public var isAnonymised: Bool { !consent.identify }
}

extension ScriptRequest {
    /// A copy published to the download area.
    public struct PublishedCopy: Hashable, Sendable, Codable {
        /// The stored object's identifier in the download area.
        public var objectID: String
        /// The SHA-256 of the file, lowercase hex.
        public var sha256: String
        /// The size in bytes.
        public var byteCount: Int64
        /// Pages in the PDF, cover sheet included.
        public var pageCount: Int
        /// The file name offered to the browser.
        public var fileName: String
        /// The stored PNG thumbnail of the first page, for the portal.
        public var thumbnailObjectID: String?

        /// A copy as published.
        public init(objectID: String, sha256: String, byteCount: Int64, pageCount: Int, fileName: String, thumbnailObjectID: String? = nil) {
            self.objectID = objectID
            self.sha256 = sha256
            self.byteCount = byteCount
            self.pageCount = pageCount
            self.fileName = fileName
            self.thumbnailObjectID = thumbnailObjectID
        }
    }

    /// Why a request failed.
    public struct Failure: Hashable, Sendable, Codable {
        /// The stable code of the error.
        public var code: String
        /// What a person should know.
        public var message: String

        /// A failure with its stable code and message.
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }
}
