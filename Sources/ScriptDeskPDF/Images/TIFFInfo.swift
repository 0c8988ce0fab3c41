/// What a TIFF's first directory says about its picture, read from the tags without
/// decoding any strip or tile.
public struct TIFFInfo: Sendable, Hashable {
    /// Width in pixels, as stored.
    public var width: Int
    /// Height in pixels, as stored.
    public var height: Int
    /// Bits per sample: 1 for bilevel, 8 or 16 for grey and colour.
    public var bitsPerSample: Int
    /// Samples per pixel: 1 grey, 3 colour, 4 CMYK or colour with alpha.
    public var samplesPerPixel: Int
    /// The Photometric tag: 0 or 1 grey and bilevel, 2 RGB, 3 palette, 5 CMYK, 6 YCbCr.
    public var photometric: Int
    /// The compression scheme's tag value (1 none, 4 CCITT G4, 5 LZW, 8 Deflate, …).
    public var compression: Int
    /// Dots per inch from XResolution and ResolutionUnit, when both give one.
    public var dotsPerInch: Double?
    /// How the stored picture is turned to be upright (the Orientation tag, `.up` by default).
    public var orientation: ImageOrientation

    /// Whether the picture is grey levels or black and white (no colour).
    public var isGrey: Bool { photometric == 0 || photometric == 1 }
    /// Whether the picture is printing inks (CMYK), which the builder refuses.
    public var isCMYK: Bool { photometric == 5 }
}
