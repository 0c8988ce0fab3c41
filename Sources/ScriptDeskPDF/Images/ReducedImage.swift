/// An 8-bit greyscale picture at reduced scale, enough to tell ink from blank paper.
public struct ReducedImage: Sendable, Hashable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Rows of grey levels (0 black, 255 white), `width` bytes each.
    public var pixels: [UInt8]

    /// A picture of `width` × `height` grey levels, given row by row; `pixels` must hold
    /// `width * height` bytes.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The share of pixels darker than mid-grey: ink, pencil, stamps.
    public var inkFraction: Double {
        guard !pixels.isEmpty else { return 0 }
        let dark = pixels.reduce(0) { $0 + ($1 < 128 ? 1 : 0) }
        return Double(dark) / Double(pixels.count)
    }

    /// Whether the picture is paper with (almost) nothing on it: under one pixel in a
    /// thousand is ink, which a written or printed page always exceeds.
    public var looksBlank: Bool {
        inkFraction < 0.001
    }
}
