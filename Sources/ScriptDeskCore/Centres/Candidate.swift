/// A candidate entered by a centre.
public struct Candidate: Hashable, Sendable, Codable {
    /// The centre that entered the candidate.
    public var centre: CentreNumber
    /// The candidate's number within the centre.
    public var number: CandidateNumber
    /// The unique candidate identifier, stable across centres and series.
    public var uci: String
    /// The candidate's name as entered.
    public var name: String

    /// A candidate as entered.
    public init(centre: CentreNumber, number: CandidateNumber, uci: String, name: String) {
        self.centre = centre
        self.number = number
        self.uci = uci
        self.name = name
    }
}
