/// What a JPEG's headers say about it, read without decoding any image data.
public struct JPEGInfo: Sendable, Hashable {
    /// Width in pixels, as stored.
    public var width: Int
    /// Height in pixels, as stored.
    public var height: Int
    /// Colour components: 1 greyscale, 3 YCbCr (or RGB), 4 CMYK or YCCK.
    public var components: Int
    /// Bits per sample (8 for every JPEG a PDF reader can show).
    public var precision: Int = 8
    /// Dots per inch from the JFIF header or, failing that, the Exif XResolution.
    public var dotsPerInch: Double?
    /// Whether an Adobe APP14 marker is present (CMYK JPEGs from Adobe are stored inverted).
    public var hasAdobeMarker: Bool
    /// How the stored picture is turned to be upright (Exif orientation), `.up` when not said.
    public var orientation: ImageOrientation = .up

    /// The largest side accepted (A3 at 1,200 dpi is about 14,000 pixels), so a forged
    /// header cannot ask for a huge surface.
    public static let maximumSide = 15_000

    /// Parses the markers up to the first start-of-frame.
    public init(parsing bytes: some RandomAccessCollection<UInt8>) throws(JPEGInfoError) {
        let array = Array(bytes)
        let parsed = array.withUnsafeBytes { buffer in Result { () throws(JPEGInfoError) in try JPEGInfo(bytes: buffer) } }
        self = try parsed.get()
    }

    /// Parses the markers up to the first start-of-frame; `.truncated` when `bytes` end first.
    init(bytes: UnsafeRawBufferPointer) throws(JPEGInfoError) {
        let data = ByteView(bytes: bytes)
        guard data.matches([0xFF, 0xD8], at: 0) else { throw .notJPEG }
        var index = 2
        var jfifDPI: Double?
        var exif = ExifTags(tiff: UnsafeRawBufferPointer(start: nil, count: 0))
        var adobe = false
        while true {
            guard let first = data.u8(index), let marker = data.u8(index + 1) else { throw .truncated }
            guard first == 0xFF else { throw .corrupt("expected a marker at byte \(index)") }
            if marker == 0xFF {
                index += 1
                continue
            }
            guard let length = data.u16(index + 2) else { throw .truncated }
            guard length >= 2 else { throw .corrupt("a segment of length \(length) at byte \(index)") }
            guard index + 2 + length <= data.count else { throw .truncated }
            let body = index + 4
            let segment = UnsafeRawBufferPointer(rebasing: bytes[body..<(index + 2 + length)])
            switch marker {
            case 0xE0 where length >= 14 && data.matches(Array("JFIF\0".utf8), at: body):
                let units = data.u8(body + 7) ?? 0
                let x = Double(data.u16(body + 8) ?? 0)
                if x > 0 { jfifDPI = units == 1 ? x : units == 2 ? x * 2.54 : nil }
            case 0xE1 where length >= 16 && data.matches(Array("Exif\0\0".utf8), at: body):
                exif = ExifTags(tiff: UnsafeRawBufferPointer(rebasing: segment[6...]))
            case 0xEE where length >= 7 && data.matches(Array("Adobe".utf8), at: body):
                adobe = true
            case 0xC0, 0xC1, 0xC2:
                guard length >= 8, let precision = data.u8(body), let height = data.u16(body + 1),
                    let width = data.u16(body + 3), let components = data.u8(body + 5)
                else { throw .corrupt("start-of-frame segment too short") }
                guard width > 0, height > 0 else { throw .corrupt("zero width or height") }
                guard width <= Self.maximumSide, height <= Self.maximumSide else {
                    throw .tooLarge(width: width, height: height)
                }
                self.width = width
                self.height = height
                self.components = components
                self.precision = precision
                self.dotsPerInch = jfifDPI ?? exif.dotsPerInch
                self.hasAdobeMarker = adobe
                self.orientation = exif.orientation ?? .up
                return
            case 0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                throw .unsupportedCoding
            case 0xD9, 0xDA:
                throw .corrupt("image data before any start-of-frame")
            default:
                break
            }
            index += 2 + length
        }
    }
}

/// Why a JPEG's headers were refused.
public enum JPEGInfoError: Error, Sendable, Hashable, CustomStringConvertible {
    case notJPEG
    case corrupt(String)
    /// The bytes end before the start-of-frame: the file is cut short, or only its start was read.
    case truncated
    case tooLarge(width: Int, height: Int)
    case unsupportedCoding

    /// A phrase for a person, to be set inside a longer message.
    public var description: String {
        switch self {
        case .notJPEG: "not a JPEG file"
        case .corrupt(let detail): "damaged JPEG headers (\(detail))"
        case .truncated: "the JPEG ends inside its headers"
        case .tooLarge(let width, let height): "\(width)×\(height) pixels is larger than any scanned page"
        case .unsupportedCoding: "lossless or arithmetic-coded JPEG, which PDF readers do not all support"
        }
    }
}
