/// A message that cannot be written as it stands: found when it is made, before any send.
public enum EmailMessageError: Error, Sendable, Hashable {
    /// A header value holds a carriage return or line feed, which would end the header
    /// early and let the rest of the value add headers of its own.
    case headerInjection(field: String)
    /// An address is not a plain `local@domain` address.
    case invalidAddress(String, reason: String)
    /// A header value holds another control character.
    case invalidHeaderValue(field: String, reason: String)

    /// A stable code.
    public var code: String {
        switch self {
        case .headerInjection: "mail.header_injection"
        case .invalidAddress: "mail.invalid_address"
        case .invalidHeaderValue: "mail.invalid_header"
        }
    }

    /// A sentence for a person.
    public var message: String {
        switch self {
        case .headerInjection(let field):
            "The \(field) of the email holds a line break; header values must be one line, so it was not sent."
        case .invalidAddress(let address, let reason):
            "'\(address.debugDescription.dropFirst().dropLast())' is not an email address that can be used: \(reason)."
        case .invalidHeaderValue(let field, let reason):
            "The \(field) of the email cannot be written: \(reason)."
        }
    }
}
