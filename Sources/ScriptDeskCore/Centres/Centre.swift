/// A school or college that enters candidates.
public struct Centre: Hashable, Sendable, Codable {
    /// The centre's number.
    public var number: CentreNumber
    /// The centre's name.
    public var name: String

    public init(number: CentreNumber, name: String) {
        self.number = number
        self.name = name
    }
}
