/// A school or college that enters candidates.
public struct Centre: Hashable, Sendable, Codable {
    /// The centre's number.
    public var number: CentreNumber
    /// The centre's name.
    public var name: String
    /// Where the centre's exams officer is written to, such as the warning before its
    /// copies are deleted; `nil` when none is known.
    public var examsOfficerEmail: String?

    /// A centre as registered.
    public init(number: CentreNumber, name: String, examsOfficerEmail: String? = nil) {
        self.number = number
        self.name = name
        self.examsOfficerEmail = examsOfficerEmail
    }
}
