/// The leaf elements of a small XML document, in order: each one's path of element names
/// from the root, its text, and which element holds it. Enough to read an object store's
/// answers, which are elements of text and nothing else, and no more: a document type
/// (and so any entity it could declare) is refused, attributes are skipped, and the text
/// is decoded from the five named entities, character references and CDATA. Written here
/// rather than taken from FoundationXML, which would link libxml2 into every program.
struct XMLLeaves {
    /// An element with no element inside it.
    struct Leaf: Equatable {
        /// The names of the elements from the root down to this one.
        var path: [String]
        /// Its text, decoded.
        var text: String
        /// The element holding it, numbered in document order: leaves with one `parent`
        /// are fields of the same element.
        var parent: Int
    }

    /// Why a document could not be read.
    struct Malformed: Error, Equatable {
        /// What was wrong, for a message.
        var reason: String
    }

    /// The leaves of `document`, in document order.
    static func read(_ document: [UInt8]) throws(Malformed) -> [Leaf] {
        var reader = Reader(bytes: document)
        return try reader.leaves()
    }

    /// The state of one reading.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        /// The open elements: name, number, and whether an element has opened inside it.
        var open: [(name: String, number: Int, hasChildren: Bool)] = []
        var opened = 0
        var text: [UInt8] = []
        var found: [Leaf] = []

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func leaves() throws(Malformed) -> [Leaf] {
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: "<") else {
                    let end = bytes[index...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                    text += try Self.decoded(bytes[index..<end])
                    index = end
                    continue
                }
                if starts(with: "<?") {
                    index = try position(after: "?>")
                } else if starts(with: "<!--") {
                    index = try position(after: "-->")
                } else if starts(with: "<![CDATA[") {
                    let start = index + 9
                    index = try position(after: "]]>")
                    text += bytes[start..<(index - 3)]
                } else if starts(with: "<!") {
                    throw Malformed(reason: "it declares a document type")
                } else if starts(with: "</") {
                    try close()
                } else {
                    try openElement()
                }
            }
            guard open.isEmpty else { throw Malformed(reason: "<\(open[open.count - 1].name)> is not closed") }
            return found
        }

        /// Reads a start tag, skipping its attributes (a quoted value may hold `>`).
        private mutating func openElement() throws(Malformed) {
            var end = index + 1
            var quote: UInt8?
            while end < bytes.count {
                let byte = bytes[end]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                end += 1
            }
            guard end < bytes.count else { throw Malformed(reason: "a tag is not closed") }
            let selfClosing = bytes[end - 1] == UInt8(ascii: "/")
            let tag = bytes[(index + 1)..<(selfClosing ? end - 1 : end)]
            let name = String(decoding: tag.prefix { !Self.isSpace($0) }, as: UTF8.self)
            guard !name.isEmpty else { throw Malformed(reason: "a tag has no name") }
            if !open.isEmpty { open[open.count - 1].hasChildren = true }
            opened += 1
            open.append((name, opened, false))
            text = []
            index = end + 1
            if selfClosing { try finish(name) }
        }

        /// Reads an end tag, which must close the innermost open element.
        private mutating func close() throws(Malformed) {
            guard let end = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else { throw Malformed(reason: "a tag is not closed") }
            let name = String(decoding: bytes[(index + 2)..<end].filter { !Self.isSpace($0) }, as: UTF8.self)
            index = end + 1
            try finish(name)
        }

        /// Ends the innermost element, named `name`; one with no element inside is a leaf.
        private mutating func finish(_ name: String) throws(Malformed) {
            guard let element = open.popLast(), element.name == name else {
                throw Malformed(reason: "</\(name)> closes no open <\(name)>")
            }
            if !element.hasChildren {
                let path = open.map(\.name) + [name]
                found.append(Leaf(path: path, text: String(decoding: text, as: UTF8.self), parent: open.last?.number ?? 0))
            }
            text = []
        }

        private func starts(with prefix: String) -> Bool {
            bytes[index...].starts(with: prefix.utf8)
        }

        /// The index just past the next `terminator`.
        private func position(after terminator: String) throws(Malformed) -> Int {
            let pattern = Array(terminator.utf8)
            var at = index
            while at + pattern.count <= bytes.count {
                if bytes[at..<(at + pattern.count)].elementsEqual(pattern) { return at + pattern.count }
                at += 1
            }
            throw Malformed(reason: "'\(terminator)' is missing")
        }

        private static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        /// Character data with its references replaced by the characters they name.
        private static func decoded(_ data: ArraySlice<UInt8>) throws(Malformed) -> [UInt8] {
            guard data.contains(UInt8(ascii: "&")) else { return Array(data) }
            var result: [UInt8] = []
            var index = data.startIndex
            while index < data.endIndex {
                guard data[index] == UInt8(ascii: "&") else {
                    result.append(data[index])
                    index += 1
                    continue
                }
                guard let end = data[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                    throw Malformed(reason: "an '&' starts no reference")
                }
                let name = String(decoding: data[(index + 1)..<end], as: UTF8.self)
                guard let character = character(named: name) else { throw Malformed(reason: "&\(name); is not a known reference") }
                result += Array(String(character).utf8)
                index = end + 1
            }
            return result
        }

        /// The character a reference names: one of XML's five entities, or a code point.
        private static func character(named name: String) -> Character? {
            switch name {
            case "lt": return "<"
            case "gt": return ">"
            case "amp": return "&"
            case "quot": return "\""
            case "apos": return "'"
            default:
                guard name.hasPrefix("#") else { return nil }
                let number = name.dropFirst()
                let value = number.hasPrefix("x") ? UInt32(number.dropFirst(), radix: 16) : UInt32(number, radix: 10)
                return value.flatMap { Unicode.Scalar($0) }.map { Character($0) }
            }
        }
    }
}
