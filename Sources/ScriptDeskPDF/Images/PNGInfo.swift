/// What a PNG's chunks before its image data say: size, colour type and resolution. Read
/// without decompressing anything, so a forged size is caught before any allocation.
public struct PNGInfo: Sendable, Hashable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Bits per sample: 1, 2, 4, 8 or 16.
    public var bitDepth: Int
    /// 0 grey, 2 RGB, 3 palette, 4 grey with alpha, 6 RGB with alpha.
    public var colourType: Int
    /// Dots per inch from the pHYs chunk, when it is given in pixels per metre.
    public var dotsPerInch: Double?

    /// Parses the chunks up to the first IDAT; `.truncated` when `bytes` end first.
    init(bytes: UnsafeRawBufferPointer) throws(PNGInfoError) {
        let data = ByteView(bytes: bytes)
        guard data.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], at: 0) else { throw .notPNG }
        var index = 8
        var header: (width: Int, height: Int, depth: Int, type: Int)?
        var dpi: Double?
        while true {
            guard let length = data.u32(index), data.u32(index + 4) != nil else { throw .truncated }
            guard length <= 0x7FFF_FFFF else { throw .corrupt("a chunk of \(length) bytes") }
            let type = String(decoding: bytes[(index + 4)..<(index + 8)], as: UTF8.self)
            let body = index + 8
            if type == "IDAT" || type == "IEND" { break }
            guard body + length + 4 <= data.count else { throw .truncated }
            switch type {
            case "IHDR":
                guard index == 8, length == 13, let width = data.u32(body), let height = data.u32(body + 4),
                    let depth = data.u8(body + 8), let colour = data.u8(body + 9)
                else { throw .corrupt("a malformed IHDR chunk") }
                header = (width, height, depth, colour)
            case "pHYs" where length == 9:
                if let x = data.u32(body), x > 0, data.u8(body + 8) == 1 { dpi = Double(x) * 0.0254 }
            default:
                break
            }
            guard header != nil else { throw .corrupt("the first chunk is not IHDR") }
            index = body + length + 4
        }
        guard let header else { throw .corrupt("no IHDR chunk") }
        guard header.width > 0, header.height > 0 else { throw .corrupt("zero width or height") }
        width = header.width
        height = header.height
        bitDepth = header.depth
        colourType = header.type
        dotsPerInch = dpi
    }
}

/// Why a PNG's chunks were refused.
public enum PNGInfoError: Error, Sendable, Hashable, CustomStringConvertible {
    case notPNG
    case corrupt(String)
    /// The bytes end before the image data: the file is cut short, or only its start was read.
    case truncated

    /// A phrase for a person, to be set inside a longer message.
    public var description: String {
        switch self {
        case .notPNG: "not a PNG file"
        case .corrupt(let detail): "damaged PNG headers (\(detail))"
        case .truncated: "the PNG ends inside its headers"
        }
    }
}
