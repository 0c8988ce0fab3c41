/// What a JPEG's headers say about it, read without decoding any image data.
public struct JPEGInfo: Sendable, Hashable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Colour components: 1 greyscale, 3 YCbCr, 4 CMYK or YCCK.
    public var components: Int
    /// Dots per inch from the JFIF header, when it gives them.
    public var dotsPerInch: Double?
    /// Whether an Adobe APP14 marker is present (CMYK JPEGs from Adobe are stored inverted).
    public var hasAdobeMarker: Bool

    /// The largest side accepted (A3 at 1,200 dpi is about 14,000 pixels), so a forged
    /// header cannot ask for a huge surface.
    public static let maximumSide = 15_000

    /// Parses the markers up to the first start-of-frame.
    public init(parsing bytes: some RandomAccessCollection<UInt8>) throws(JPEGInfoError) {
        let data = Array(bytes)
        guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { throw .notJPEG }
        var index = 2
        var dpi: Double?
        var adobe = false
        while index + 4 <= data.count {
            guard data[index] == 0xFF else { throw .corrupt("expected a marker at byte \(index)") }
            let marker = data[index + 1]
            if marker == 0xFF {
                index += 1
                continue
            }
            let length = Int(data[index + 2]) << 8 | Int(data[index + 3])
            guard length >= 2, index + 2 + length <= data.count else { throw .corrupt("segment runs past the end") }
            let body = index + 4
            switch marker {
            case 0xE0 where length >= 14 && Array(data[body..<body + 5]) == Array("JFIF\0".utf8):
                let units = data[body + 7]
                let x = Double(Int(data[body + 8]) << 8 | Int(data[body + 9]))
                if x > 0 { dpi = units == 1 ? x : units == 2 ? x * 2.54 : nil }
            case 0xEE where length >= 7 && Array(data[body..<body + 5]) == Array("Adobe".utf8):
                adobe = true
            case 0xC0, 0xC1, 0xC2:
                guard length >= 8 else { throw .corrupt("start-of-frame segment too short") }
                let height = Int(data[body + 1]) << 8 | Int(data[body + 2])
                let width = Int(data[body + 3]) << 8 | Int(data[body + 4])
                let components = Int(data[body + 5])
                guard width > 0, height > 0 else { throw .corrupt("zero width or height") }
                guard width <= Self.maximumSide, height <= Self.maximumSide else {
                    throw .tooLarge(width: width, height: height)
                }
                self.width = width
                self.height = height
                self.components = components
                self.dotsPerInch = dpi
                self.hasAdobeMarker = adobe
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
        throw .corrupt("no start-of-frame marker")
    }
}

/// Why a JPEG's headers were refused.
public enum JPEGInfoError: Error, Sendable, Hashable, CustomStringConvertible {
    case notJPEG
    case corrupt(String)
    case tooLarge(width: Int, height: Int)
    case unsupportedCoding

    public var description: String {
        switch self {
        case .notJPEG: "not a JPEG file"
        case .corrupt(let detail): "damaged JPEG headers (\(detail))"
        case .tooLarge(let width, let height): "\(width)×\(height) pixels is larger than any scanned page"
        case .unsupportedCoding: "lossless or arithmetic-coded JPEG, which PDF readers do not all support"
        }
    }
}
