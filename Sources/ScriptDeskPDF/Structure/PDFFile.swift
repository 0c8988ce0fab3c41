/// A PDF's cross-reference and objects, read in place from its bytes without trusting them.
///
/// poppler quietly rebuilds a file whose cross-reference is wrong; this reader does not: a
/// `startxref` that points nowhere, or a table entry that points at the wrong object, is
/// damage to report. Classic tables and cross-reference streams (with object streams) are
/// both read, following `/Prev` through incremental updates.
final class PDFFile {
    /// Where an object lives.
    enum Entry: Hashable {
        case offset(Int, generation: Int)
        case compressed(stream: Int, index: Int)
    }

    let bytes: UnsafeRawBufferPointer
    /// Every in-use object by number, newest definition first.
    private(set) var entries: [Int: Entry] = [:]
    /// The newest trailer (or cross-reference stream dictionary).
    private(set) var trailer: [String: PDFObject] = [:]
    var cache: [Int: PDFObject] = [:]
    var objectStreams: [Int: [Int: PDFObject]] = [:]

    /// The most objects a file may declare (a script of 1,000 pages needs a few thousand).
    static let maximumObjects = 1_000_000
    /// The most a cross-reference or object stream may inflate to.
    static let maximumStructureStream = 64 << 20

    /// Reads the cross-reference chain from `startxref`; throws when it is missing or wrong.
    init(bytes: UnsafeRawBufferPointer) throws(PDFCheckFailure) {
        self.bytes = bytes
        var offset: Int? = try Self.startXref(in: bytes)
        var visited: Set<Int> = []
        var newest = true
        while let current = offset {
            guard current >= 0, current < bytes.count, visited.insert(current).inserted, visited.count <= 64 else {
                throw .badStartXref("the cross-reference chain points outside the file or loops")
            }
            var scanner = PDFScanner(bytes, at: current)
            let section: [String: PDFObject]
            if scanner.expect("xref") {
                section = try readTable(&scanner)
            } else if (try? scanner.objectHeader()) != nil {
                section = try readXrefStream(at: current)
            } else {
                throw .badStartXref(newest ? "startxref points at byte \(current), where there is no cross-reference" : "a /Prev offset is wrong")
            }
            if newest { trailer = section }
            newest = false
            offset = section["Prev"]?.integer
        }
        try verifyOffsets()
    }

    /// The byte offset after the last `startxref` keyword.
    private static func startXref(in bytes: UnsafeRawBufferPointer) throws(PDFCheckFailure) -> Int {
        let keyword = Array("startxref".utf8)
        let floor = max(0, bytes.count - 4096)
        var index = bytes.count - keyword.count
        while index >= floor {
            if bytes[index] == keyword[0], (0..<keyword.count).allSatisfy({ bytes[index + $0] == keyword[$0] }) {
                var scanner = PDFScanner(bytes, at: index + keyword.count)
                guard let value = scanner.word().flatMap({ Int($0) }) else { throw .badStartXref("startxref is not followed by an offset") }
                return value
            }
            index -= 1
        }
        throw .badStartXref("there is no startxref near the end of the file")
    }

    private func readTable(_ scanner: inout PDFScanner) throws(PDFCheckFailure) -> [String: PDFObject] {
        while true {
            if scanner.expect("trailer") {
                guard let dictionary = try? scanner.object().dictionary else { throw .xrefDamaged("the trailer is not a dictionary") }
                return dictionary
            }
            guard let first = scanner.word().flatMap({ Int($0) }), let count = scanner.word().flatMap({ Int($0) }),
                (0...Self.maximumObjects).contains(first), (0...Self.maximumObjects - first).contains(count)
            else { throw .xrefDamaged("a cross-reference subsection header is malformed") }
            for number in first..<(first + count) {
                guard let offset = scanner.word().flatMap({ Int($0) }), let generation = scanner.word().flatMap({ Int($0) }),
                    let kind = scanner.word(), kind == "n" || kind == "f"
                else { throw .xrefDamaged("cross-reference entry \(number) is malformed") }
                if kind == "n", entries[number] == nil { entries[number] = .offset(offset, generation: generation) }
            }
        }
    }

    private func readXrefStream(at offset: Int) throws(PDFCheckFailure) -> [String: PDFObject] {
        let stream = try streamAt(offset: offset, expected: nil)
        guard stream.dictionary["Type"]?.name == "XRef", let widths = stream.dictionary["W"]?.array?.compactMap(\.integer), widths.count == 3,
            widths.allSatisfy({ (0...8).contains($0) }), let size = stream.dictionary["Size"]?.integer, size <= Self.maximumObjects
        else { throw .badStartXref("startxref points at an object that is not a cross-reference stream") }
        let data = try decoded(stream, limit: Self.maximumStructureStream)
        let index = stream.dictionary["Index"]?.array?.compactMap(\.integer) ?? [0, size]
        let width = widths.reduce(0, +)
        guard width > 0, index.count % 2 == 0 else { throw .xrefDamaged("the cross-reference stream's /W or /Index is malformed") }
        var position = 0
        func field(_ length: Int, default value: Int) -> Int {
            guard length > 0 else { return value }
            defer { position += length }
            return data[position..<position + length].reduce(0) { $0 << 8 | Int($1) }
        }
        for pair in stride(from: 0, to: index.count, by: 2) {
            let (first, count) = (index[pair], index[pair + 1])
            guard (0...Self.maximumObjects).contains(first), (0...Self.maximumObjects - first).contains(count),
                count * width <= data.count - position
            else {
                throw .xrefDamaged("the cross-reference stream is shorter than its /Index says")
            }
            for number in first..<(first + count) {
                let (kind, second, third) = (field(widths[0], default: 1), field(widths[1], default: 0), field(widths[2], default: 0))
                guard entries[number] == nil else { continue }
                switch kind {
                case 1: entries[number] = .offset(second, generation: third)
                case 2: entries[number] = .compressed(stream: second, index: third)
                default: break
                }
            }
        }
        return stream.dictionary
    }

    /// Every table entry must point at the header of the object it names.
    private func verifyOffsets() throws(PDFCheckFailure) {
        for number in entries.keys.sorted() {
            guard case .offset(let offset, let generation) = entries[number] else { continue }
            var scanner = PDFScanner(bytes, at: offset)
            // The offset is the object's first byte exactly, not somewhere in the whitespace before it.
            guard offset >= 0, offset < bytes.count, (48...57).contains(bytes[offset]), let header = try? scanner.objectHeader(),
                header.number == number,
                header.generation == generation
            else { throw .xrefDamaged("object \(number) is not at byte \(offset), where the cross-reference says it is") }
        }
    }
}

@available(*, unavailable, message: "reads a mapping owned by one thread and caches as it goes")
extension PDFFile: Sendable {}
