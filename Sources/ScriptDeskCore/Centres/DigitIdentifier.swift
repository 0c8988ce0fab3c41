/// An identifier written as a fixed number of ASCII digits, such as a centre or
/// candidate number. Conformers say how many digits and what they are called; validation,
/// ordering and coding are shared.
public protocol DigitIdentifier: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// How many digits the identifier has.
    static var digitCount: Int { get }
    /// What the identifier is called, for decoding errors.
    static var noun: String { get }
    /// The digits.
    var rawValue: String { get }
    /// Wraps digits already checked.
    init(unchecked digits: String)
}

extension DigitIdentifier {
    /// Accepts exactly `digitCount` ASCII digits.
    public init?(_ text: String) {
        guard text.utf8.count == Self.digitCount, text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        self.init(unchecked: text)
    }

    /// The digits, as printed.
    public var description: String { rawValue }

    /// Orders by the digits, which at a fixed width is numeric order.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes a string; throws `DecodingError.dataCorrupted` unless it is exactly `digitCount`
    /// ASCII digits.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a \(Self.digitCount)-digit \(Self.noun)")
            )
        }
        self = value
    }

    /// Encodes the digits as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
