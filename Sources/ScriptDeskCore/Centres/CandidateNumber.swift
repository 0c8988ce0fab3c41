/// A candidate's four-digit number, unique within one centre.
public struct CandidateNumber: DigitIdentifier {
    public static let digitCount = 4
    public static let noun = "candidate number"
    public let rawValue: String

    public init(unchecked digits: String) {
        rawValue = digits
    }
}
