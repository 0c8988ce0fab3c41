/// A centre's five-digit number, as printed on every entry and result.
public struct CentreNumber: DigitIdentifier {
    /// Five digits.
    public static let digitCount = 5
    /// `centre number`, as decoding errors name it.
    public static let noun = "centre number"
    /// The five digits.
    public let rawValue: String

    /// Wraps five digits already checked.
    public init(unchecked digits: String) {
        rawValue = digits
    }
}
