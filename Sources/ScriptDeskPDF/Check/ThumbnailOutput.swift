/// Where a check writes its thumbnail: a partial file beside the thumbnail's path, created
/// by whoever runs the check (a checker child has no access to the storage), and put in
/// place only once the check says the PNG was written whole, so a reader never sees half
/// of one. Dropped unfinished, the partial file is removed.
enum ThumbnailOutput {
    /// The partial file for `request`'s thumbnail, when it asks for one; a thumbnail that
    /// cannot be created is left out of the request, wherever the check runs.
    static func opened(for request: inout PDFCheckRequest) -> PartialFile? {
        let output = request.thumbnail.flatMap { try? PartialFile(for: $0) }
        if output == nil { request.thumbnail = nil }
        return output
    }
}

extension PartialFile {
    /// Puts the file in place when it was `written` (and removes it if that fails); removes
    /// it otherwise. Only the first call acts.
    func finish(written: Bool) {
        if written { try? commit() } else { discard() }
    }
}
