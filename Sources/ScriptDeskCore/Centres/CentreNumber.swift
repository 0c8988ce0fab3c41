/// A centre's five-digit number, as printed on every entry and result.
public struct CentreNumber: DigitIdentifier {
    public static let digitCount = 5
    public static let noun = "centre number"
    public let rawValue: String

    public init(unchecked digits: String) {
        rawValue = digits
    }
}
