/// Why the bytes at some offset are not the PDF syntax they should be.
struct PDFSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    var offset: Int
    var reason: String

    var description: String { "\(reason) at byte \(offset)" }
}
