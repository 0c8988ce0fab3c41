/// A candidate's four-digit number, unique within one centre.
public struct CandidateNumber: DigitIdentifier {
    /// Four digits.
    public static let digitCount = 4
    /// `candidate number`, as decoding errors name it.
    public static let noun = "candidate number"
    /// The four digits.
    public let rawValue: String

    /// Wraps four digits already checked.
    public init(unchecked digits: String) {
        rawValue = digits
    }
}
