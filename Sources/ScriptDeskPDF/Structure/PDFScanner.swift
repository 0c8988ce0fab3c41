/// Reads PDF tokens and objects from a byte buffer. Every read is bounds-checked, nesting is
/// limited, and nothing is trusted: the bytes may be hostile.
struct PDFScanner {
    let bytes: UnsafeRawBufferPointer
    var position: Int

    /// Arrays and dictionaries nested deeper than this are refused.
    static let maximumDepth = 32
    /// Elements in one array or dictionary.
    static let maximumElements = 100_000

    init(_ bytes: UnsafeRawBufferPointer, at position: Int) {
        self.bytes = bytes
        self.position = position
    }

    var atEnd: Bool { position >= bytes.count }

    func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index >= 0 && index < bytes.count ? bytes[index] : nil
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0 || byte == 9 || byte == 10 || byte == 12 || byte == 13 || byte == 32
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"):
            true
        default: false
        }
    }

    /// Skips whitespace and comments.
    mutating func skipWhitespace() {
        while let byte = peek() {
            if Self.isWhitespace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "%") {
                while let next = peek(), next != 10, next != 13 { position += 1 }
            } else {
                return
            }
        }
    }

    /// A run of regular characters (a keyword or number), or nil at a delimiter or the end.
    mutating func word() -> Substring? {
        skipWhitespace()
        let start = position
        while let byte = peek(), !Self.isWhitespace(byte), !Self.isDelimiter(byte) { position += 1 }
        guard position > start else { return nil }
        return Substring(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// Whether `keyword` comes next (after whitespace); consumes it when it does.
    mutating func expect(_ keyword: String) -> Bool {
        var probe = self
        guard probe.word() == Substring(keyword) else { return false }
        self = probe
        return true
    }

    /// Reads `N G obj` and returns the object's number and generation.
    mutating func objectHeader() throws(PDFSyntaxError) -> PDFReference {
        guard let number = word().flatMap({ Int($0) }), let generation = word().flatMap({ Int($0) }), number >= 0, generation >= 0,
            expect("obj")
        else { throw PDFSyntaxError(offset: position, reason: "expected an object header") }
        return PDFReference(number: number, generation: generation)
    }

    /// Parses one object (an `N G R` reference included).
    mutating func object(depth: Int = 0) throws(PDFSyntaxError) -> PDFObject {
        guard depth < Self.maximumDepth else { throw PDFSyntaxError(offset: position, reason: "objects nested too deeply") }
        skipWhitespace()
        guard let byte = peek() else { throw PDFSyntaxError(offset: position, reason: "the file ends inside an object") }
        switch byte {
        case UInt8(ascii: "/"):
            position += 1
            return .name(String(word() ?? ""))
        case UInt8(ascii: "("):
            try skipLiteralString()
            return .string
        case UInt8(ascii: "<") where peek(1) == UInt8(ascii: "<"):
            position += 2
            return .dictionary(try dictionaryBody(depth: depth))
        case UInt8(ascii: "<"):
            while let next = peek(), next != UInt8(ascii: ">") { position += 1 }
            guard peek() != nil else { throw PDFSyntaxError(offset: position, reason: "unterminated hex string") }
            position += 1
            return .string
        case UInt8(ascii: "["):
            position += 1
            var elements: [PDFObject] = []
            while true {
                skipWhitespace()
                if peek() == UInt8(ascii: "]") {
                    position += 1
                    return .array(elements)
                }
                guard elements.count < Self.maximumElements else { throw PDFSyntaxError(offset: position, reason: "array too long") }
                elements.append(try object(depth: depth + 1))
            }
        default:
            return try scalar()
        }
    }

    private mutating func dictionaryBody(depth: Int) throws(PDFSyntaxError) -> [String: PDFObject] {
        var entries: [String: PDFObject] = [:]
        while true {
            skipWhitespace()
            guard let byte = peek() else { throw PDFSyntaxError(offset: position, reason: "unterminated dictionary") }
            if byte == UInt8(ascii: ">") {
                guard peek(1) == UInt8(ascii: ">") else { throw PDFSyntaxError(offset: position, reason: "stray '>' in a dictionary") }
                position += 2
                return entries
            }
            guard case .name(let key) = try object(depth: depth + 1) else {
                throw PDFSyntaxError(offset: position, reason: "a dictionary key is not a name")
            }
            guard entries.count < Self.maximumElements else { throw PDFSyntaxError(offset: position, reason: "dictionary too long") }
            entries[key] = try object(depth: depth + 1)
        }
    }

    private mutating func skipLiteralString() throws(PDFSyntaxError) {
        var nesting = 0
        while let byte = peek() {
            position += 1
            switch byte {
            case UInt8(ascii: "\\"): position += 1
            case UInt8(ascii: "("): nesting += 1
            case UInt8(ascii: ")"):
                nesting -= 1
                if nesting == 0 { return }
            default: break
            }
        }
        throw PDFSyntaxError(offset: position, reason: "unterminated string")
    }

    /// A number, a reference, `true`, `false` or `null`.
    private mutating func scalar() throws(PDFSyntaxError) -> PDFObject {
        let start = position
        guard let token = word() else { throw PDFSyntaxError(offset: start, reason: "unexpected delimiter") }
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "null": return .null
        default: break
        }
        if let value = Int(token) {
            // `N G R` is a reference; look ahead without consuming anything else.
            var probe = self
            if value >= 0, let generation = probe.word().flatMap({ Int($0) }), generation >= 0, probe.word() == "R" {
                self = probe
                return .reference(PDFReference(number: value, generation: generation))
            }
            return .integer(value)
        }
        if let value = Double(token), value.isFinite { return .real(value) }
        throw PDFSyntaxError(offset: start, reason: "unknown token '\(token.prefix(20))'")
    }
}
