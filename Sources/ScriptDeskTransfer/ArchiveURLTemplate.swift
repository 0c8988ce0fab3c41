import Foundation

/// Where a script's folder lies in the archive, as a URL with placeholders, such as
/// `https://archive.example/{series}/{component}/{centre}/{candidate}/` or
/// `file:///srv/archive/{series}/{component}/{centre}/{candidate}/`.
///
/// Placeholders may appear only in the path. Each value is percent-encoded as one path
/// segment, so that no value (`../`, `/`, `?`) can change which folder is meant.
public struct ArchiveURLTemplate: Sendable, Hashable, CustomStringConvertible {
    /// The values a template may place in a URL.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        /// The examination series, such as `2026-june`.
        case series
        /// The component (paper), such as `9709-12`.
        case component
        /// The centre number.
        case centre
        /// The candidate number.
        case candidate
    }

    /// A run of literal text, or a placeholder.
    enum Part: Sendable, Hashable {
        case literal(String)
        case placeholder(Field)
    }

    let parts: [Part]
    /// The URL's scheme, lowercase.
    public let scheme: String
    /// The template as written.
    public let description: String

    /// Parses a template; unknown, empty, nested or unbalanced placeholders, placeholders
    /// before the path, and text that is not an absolute URL are refused.
    public init(_ text: String) throws(TransferConfigurationError) {
        guard let marker = text.range(of: "://"), !text[..<marker.lowerBound].isEmpty,
            text[..<marker.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        else { throw .invalidTemplate(text, reason: "it does not start with a scheme, like https://") }
        let pathStart = text[marker.upperBound...].firstIndex(of: "/") ?? text.endIndex
        if let brace = text.firstIndex(where: { $0 == "{" || $0 == "}" }), brace < pathStart {
            throw .invalidTemplate(text, reason: "placeholders may appear only in the path")
        }
        self.parts = try Self.parts(of: text)
        self.scheme = text[..<marker.lowerBound].lowercased()
        self.description = text
    }

    /// The placeholders the template uses.
    public var fields: Set<Field> {
        Set(parts.compactMap { if case .placeholder(let field) = $0 { field } else { nil } })
    }

    private static func parts(of text: String) throws(TransferConfigurationError) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var name: String?
        for character in text {
            switch (character, name) {
            case ("{", nil):
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                name = ""
            case ("{", _):
                throw .invalidTemplate(text, reason: "a placeholder is opened inside another")
            case ("}", nil):
                throw .invalidTemplate(text, reason: "a '}' closes no placeholder")
            case ("}", let open?):
                guard let field = Field(rawValue: open) else {
                    let known = Field.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", ")
                    throw .invalidTemplate(text, reason: "{\(open)} is not a known placeholder; use \(known)")
                }
                parts.append(.placeholder(field))
                name = nil
            case (_, let open?):
                name = open + String(character)
            case (_, nil):
                literal.append(character)
            }
        }
        guard name == nil else { throw .invalidTemplate(text, reason: "a '{' is never closed") }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }
}
