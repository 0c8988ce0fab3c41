/// The tags of an Exif block's first directory that decide how a page is shown: its
/// orientation and resolution. Either byte order; anything malformed is treated as absent.
struct ExifTags: Hashable {
    /// Tag 0x0112, when present and 1 to 8.
    var orientation: ImageOrientation?
    /// Tag 0x011A (XResolution) in dots per inch, converted with tag 0x0128 (ResolutionUnit).
    var dotsPerInch: Double?

    /// Reads `tiff`, the block after APP1's "Exif\0\0": a TIFF header, then directory 0.
    init(tiff bytes: UnsafeRawBufferPointer) {
        var view = ByteView(bytes: bytes)
        if view.matches([0x49, 0x49, 0x2A, 0x00], at: 0) {
            view.bigEndian = false
        } else if !view.matches([0x4D, 0x4D, 0x00, 0x2A], at: 0) {
            return
        }
        guard let directory = view.u32(4), let entries = view.u16(directory), entries <= 1_000 else { return }
        var resolution: Double?
        var unit = 2
        for index in 0..<entries {
            let entry = directory + 2 + index * 12
            guard let tag = view.u16(entry), let type = view.u16(entry + 2) else { return }
            switch (tag, type) {
            case (0x0112, 3):
                orientation = view.u16(entry + 8).flatMap(ImageOrientation.init(rawValue:))
            case (0x0128, 3):
                unit = view.u16(entry + 8) ?? 2
            case (0x011A, 5):
                guard let offset = view.u32(entry + 8), let numerator = view.u32(offset),
                    let denominator = view.u32(offset + 4), numerator > 0, denominator > 0
                else { break }
                resolution = Double(numerator) / Double(denominator)
            default:
                break
            }
        }
        if let resolution {
            dotsPerInch = unit == 2 ? resolution : unit == 3 ? resolution * 2.54 : nil
        }
    }
}
