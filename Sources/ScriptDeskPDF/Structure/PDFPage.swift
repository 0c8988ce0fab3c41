/// A leaf of the page tree with the attributes it inherits from its ancestors.
struct PDFPage {
    var reference: PDFReference
    var dictionary: [String: PDFObject]
    /// `/MediaBox`, its own or inherited.
    var mediaBox: PDFObject?
    /// `/Resources`, its own or inherited.
    var resources: PDFObject?
}
