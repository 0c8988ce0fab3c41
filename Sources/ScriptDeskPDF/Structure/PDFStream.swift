/// A stream object: its dictionary and where its raw (still encoded) bytes lie.
struct PDFStream {
    var reference: PDFReference
    var dictionary: [String: PDFObject]
    /// The encoded bytes, within the file's mapping.
    var data: UnsafeRawBufferPointer

    /// The filters, in the order they decode, whether one name or an array.
    var filters: [String] {
        switch dictionary["Filter"] {
        case .name(let name): [name]
        case .array(let names): names.compactMap(\.name)
        default: []
        }
    }
}
