/// The kinds of scanned page image that can go into a script's PDF, told apart by their
/// first bytes (never by the file's name).
public enum ImageFormat: String, Sendable, Hashable {
    /// JPEG (JFIF or Exif), embedded unchanged.
    case jpeg
    /// PNG, decoded and embedded losslessly.
    case png
    /// TIFF (classic or BigTIFF), decoded and embedded losslessly.
    case tiff

    /// The format whose signature `bytes` starts with, or `nil` for anything else.
    public init?(sniffing bytes: some Collection<UInt8>) {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
            || head.starts(with: [0x49, 0x49, 0x2B, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2B])
        {
            self = .tiff
        } else {
            return nil
        }
    }
}
