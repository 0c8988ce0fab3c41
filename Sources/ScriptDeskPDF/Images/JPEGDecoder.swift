import CTurboJPEG

/// Decodes JPEG data strictly and cheaply: every entropy-coded byte is decoded, so damage
/// anywhere in the image is found, but the output is an eighth of each side (libjpeg skips
/// most of the inverse DCT at that scale), so a 200-dpi page costs a few milliseconds.
///
/// Strict means any message libjpeg would have printed as a warning ("premature end of
/// data segment", "corrupt JPEG data: bad Huffman code") is an error here.
///
/// Calls block; run them off the cooperative pool.
public enum JPEGDecoder {
    /// The most pixels a page may have: A3 at 600 dpi is 70 million. A progressive JPEG's
    /// coefficients are held whole while decoding, so this bounds memory too.
    public static let maximumPixels = 80_000_000

    /// Decodes `jpeg` at one eighth of its size as grey levels; throws on any damage.
    public static func reducedGrey(_ jpeg: UnsafeRawBufferPointer) throws(JPEGDecodeError) -> ReducedImage {
        guard let base = jpeg.baseAddress?.assumingMemoryBound(to: UInt8.self), jpeg.count > 0 else {
            throw .damaged("there is no image data")
        }
        guard let decoder = tjInitDecompress() else { throw .damaged("the decoder could not start") }
        defer { tjDestroy(decoder) }
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colourspace: Int32 = 0
        guard tjDecompressHeader3(decoder, base, UInt(jpeg.count), &width, &height, &subsampling, &colourspace) == 0 else {
            throw .damaged(String(cString: tjGetErrorStr2(decoder)))
        }
        guard width > 0, height > 0 else { throw .damaged("the header gives no size") }
        guard Int(width) * Int(height) <= maximumPixels else { throw .tooLarge(width: Int(width), height: Int(height)) }
        let reducedWidth = (Int(width) + 7) / 8
        let reducedHeight = (Int(height) + 7) / 8
        var pixels = [UInt8](repeating: 0, count: reducedWidth * reducedHeight)
        let flags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS
        let status = pixels.withUnsafeMutableBufferPointer { output in
            tjDecompress2(
                decoder,
                base,
                UInt(jpeg.count),
                output.baseAddress,
                Int32(reducedWidth),
                Int32(reducedWidth),
                Int32(reducedHeight),
                Int32(TJPF_GRAY.rawValue),
                flags
            )
        }
        guard status == 0 else { throw .damaged(String(cString: tjGetErrorStr2(decoder))) }
        return ReducedImage(width: reducedWidth, height: reducedHeight, pixels: pixels)
    }
}

/// Why JPEG data did not decode cleanly.
public enum JPEGDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libjpeg found damage (or would have warned about it).
    case damaged(String)
    /// The header asks for more pixels than any scanned page has.
    case tooLarge(width: Int, height: Int)

    /// A phrase for a person, to be set inside a longer message.
    public var description: String {
        switch self {
        case .damaged(let detail): "the image data is damaged (\(detail))"
        case .tooLarge(let width, let height): "\(width)×\(height) pixels is larger than any scanned page"
        }
    }
}
