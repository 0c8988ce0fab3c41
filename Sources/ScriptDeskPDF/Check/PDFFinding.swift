/// One thing a check found, in a form that crosses process boundaries: the stable code, a
/// sentence for a person, the page when there is one, and whether it fails the check.
public struct PDFFinding: Error, Sendable, Hashable, Codable {
    /// A stable code (`pdf.image_damaged`).
    public var code: String
    /// A sentence for a person.
    public var message: String
    /// The page concerned (1-based), when there is one.
    public var page: Int?
    /// Whether it fails the check.
    public var fatal: Bool

    /// A finding with its stable code and message, on `page` (1-based) when it concerns one.
    public init(code: String, message: String, page: Int? = nil, fatal: Bool) {
        self.code = code
        self.message = message
        self.page = page
        self.fatal = fatal
    }

    /// The finding a check failure makes, fatal or not as the failure says.
    public init(_ failure: PDFCheckFailure) {
        self.init(code: failure.code, message: failure.message, page: failure.page, fatal: failure.isFatal)
    }
}
