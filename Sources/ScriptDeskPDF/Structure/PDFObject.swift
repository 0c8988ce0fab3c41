/// A PDF object as the structure check needs it: string contents are not kept, since no
/// check reads them.
indirect enum PDFObject: Sendable, Hashable {
    case null
    case boolean(Bool)
    case integer(Int)
    case real(Double)
    case name(String)
    case string
    case array([PDFObject])
    case dictionary([String: PDFObject])
    case reference(PDFReference)

    var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        default: nil
        }
    }

    var name: String? {
        if case .name(let value) = self { return value }
        return nil
    }

    var array: [PDFObject]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var dictionary: [String: PDFObject]? {
        if case .dictionary(let value) = self { return value }
        return nil
    }

    var reference: PDFReference? {
        if case .reference(let value) = self { return value }
        return nil
    }
}

/// An indirect object's number and generation (`12 0 R`).
struct PDFReference: Sendable, Hashable, CustomStringConvertible {
    var number: Int
    var generation: Int

    var description: String { "\(number) \(generation) R" }
}
