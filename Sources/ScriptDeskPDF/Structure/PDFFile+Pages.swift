extension PDFFile {
    /// The most pages a document may have before the check refuses it.
    static let maximumPages = 10_000
    /// Page-tree levels; real trees are a handful deep.
    static let maximumTreeDepth = 64

    /// Every page in order, found by walking the tree from the catalog rather than trusting
    /// `/Count`, which must then agree with what was found.
    func pages() throws(PDFCheckFailure) -> [PDFPage] {
        guard let catalog = try resolve(trailer["Root"]).dictionary, let root = catalog["Pages"]?.reference,
            let rootNode = try object(root).dictionary
        else { throw .objectDamaged("the document catalog has no page tree") }
        var pages: [PDFPage] = []
        var visited: Set<Int> = []
        try walk(root, inherited: PDFPage(reference: root, dictionary: [:]), depth: 0, visited: &visited, into: &pages)
        let declared = try resolve(rootNode["Count"]).integer
        guard declared == pages.count else { throw .pageCountLies(declared: declared ?? 0, found: pages.count) }
        return pages
    }

    private func walk(
        _ reference: PDFReference,
        inherited: PDFPage,
        depth: Int,
        visited: inout Set<Int>,
        into pages: inout [PDFPage]
    ) throws(PDFCheckFailure) {
        guard visited.insert(reference.number).inserted else { throw .pageTreeCycle }
        guard depth < Self.maximumTreeDepth else { throw .objectDamaged("the page tree is more than \(Self.maximumTreeDepth) levels deep") }
        guard let node = try object(reference).dictionary else { throw .objectDamaged("page tree node \(reference) is not a dictionary") }
        var here = inherited
        here.reference = reference
        here.dictionary = node
        if let box = node["MediaBox"] { here.mediaBox = box }
        if let resources = node["Resources"] { here.resources = resources }
        let kids = try resolve(node["Kids"]).array
        let type = node["Type"]?.name ?? (kids == nil ? "Page" : "Pages")
        if type == "Page" {
            guard pages.count < Self.maximumPages else { throw .objectDamaged("the document has more than \(Self.maximumPages) pages") }
            pages.append(here)
            return
        }
        guard type == "Pages", let kids else { throw .objectDamaged("page tree node \(reference) is neither a page nor a list of pages") }
        for kid in kids {
            guard let child = kid.reference else { throw .objectDamaged("page tree node \(reference) lists a child that is not a reference") }
            try walk(child, inherited: here, depth: depth + 1, visited: &visited, into: &pages)
        }
    }

    /// The page's size in points from its media box, or nil when it has none that is valid.
    func mediaBox(of page: PDFPage) throws(PDFCheckFailure) -> (width: Double, height: Double)? {
        guard let values = try resolve(page.mediaBox).array, values.count == 4 else { return nil }
        var numbers: [Double] = []
        for value in values {
            guard let number = try resolve(value).number else { return nil }
            numbers.append(number)
        }
        return (abs(numbers[2] - numbers[0]), abs(numbers[3] - numbers[1]))
    }

    /// The image streams a page draws, directly or through form XObjects, each once.
    func images(on page: PDFPage) throws(PDFCheckFailure) -> [PDFStream] {
        var images: [PDFStream] = []
        var visited: Set<Int> = []
        try collectImages(from: page.resources, depth: 0, visited: &visited, into: &images)
        return images
    }

    private func collectImages(
        from resources: PDFObject?,
        depth: Int,
        visited: inout Set<Int>,
        into images: inout [PDFStream]
    ) throws(PDFCheckFailure) {
        guard depth < 8, let xobjects = try resolve(try resolve(resources).dictionary?["XObject"]).dictionary else { return }
        for key in xobjects.keys.sorted() {
            guard let reference = xobjects[key]?.reference, visited.insert(reference.number).inserted else { continue }
            let stream = try stream(reference)
            switch stream.dictionary["Subtype"]?.name {
            case "Image":
                images.append(stream)
                if let mask = stream.dictionary["SMask"]?.reference, visited.insert(mask.number).inserted {
                    images.append(try self.stream(mask))
                }
            case "Form":
                try collectImages(from: stream.dictionary["Resources"], depth: depth + 1, visited: &visited, into: &images)
            default:
                continue
            }
        }
    }

    /// The page's content streams.
    func contents(of page: PDFPage) throws(PDFCheckFailure) -> [PDFStream] {
        let references: [PDFReference]
        switch page.dictionary["Contents"] {
        case .reference(let reference):
            if case .array(let items) = try object(reference) {
                references = items.compactMap(\.reference)
            } else {
                references = [reference]
            }
        case .array(let items): references = items.compactMap(\.reference)
        default: references = []
        }
        var streams: [PDFStream] = []
        for reference in references { streams.append(try stream(reference)) }
        return streams
    }
}
