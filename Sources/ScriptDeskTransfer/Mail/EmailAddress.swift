/// A mailbox: a plain `local@domain` address and an optional display name, checked when
/// made so that nothing written from it can break a header or the SMTP envelope.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address itself (`exams@northgate.example`): printable ASCII, one `@`.
    public let address: String
    /// The name shown beside it, any text on one line.
    public let name: String?

    /// The characters an address may not hold beside controls and spaces: they would end it
    /// or change its meaning in a header or an SMTP command.
    private static let forbidden = Set("<>()[]\\,;:\"")

    /// A mailbox, checked: throws `headerInjection` for a line break, `invalidAddress` for an
    /// address that is not printable ASCII with one `@` and text on each side (at most 254
    /// bytes), `invalidHeaderValue` for a control character in the name. An empty name is none.
    public init(_ address: String, name: String? = nil) throws(EmailMessageError) {
        if address.contains(where: \.isNewline) { throw .headerInjection(field: "address") }
        guard address.utf8.count <= 254 else { throw .invalidAddress(address, reason: "it is longer than 254 characters") }
        guard address.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && !Self.forbidden.contains(Character($0)) }) else {
            throw .invalidAddress(address, reason: "it may hold only printable ASCII letters, digits and . _ - + and the like, without spaces")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .invalidAddress(address, reason: "it must have one @ with something on each side")
        }
        if let name {
            if name.contains(where: \.isNewline) { throw .headerInjection(field: "display name") }
            guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw .invalidHeaderValue(field: "display name", reason: "it holds a control character")
            }
        }
        self.address = address
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads `Name <local@domain>` or a bare `local@domain`.
    public init(parsing text: String) throws(EmailMessageError) {
        let trimmed = text.trimmingSpaces
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            try self.init(trimmed)
            return
        }
        var name = Substring(trimmed[..<open].trimmingSpaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = name.dropFirst().dropLast() }
        let address = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        try self.init(String(address), name: name.isEmpty ? nil : String(name))
    }

    /// The domain part, for message ids.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    /// The mailbox as a header writes it: the name (quoted or RFC 2047-encoded as needed)
    /// and the address in angle brackets.
    public var headerText: String {
        guard let name else { return address }
        return "\(HeaderEncoding.phrase(name)) <\(address)>"
    }

    /// The mailbox as a header writes it (`headerText`).
    public var description: String { headerText }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
