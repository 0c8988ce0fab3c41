/// How a stored image is turned to be upright: the Exif and TIFF orientation tag (0x0112),
/// values 1 to 8, which name where the stored first row and first column belong.
public enum ImageOrientation: Int, Sendable, Hashable, CaseIterable {
    /// Stored upright.
    case up = 1
    /// Mirrored left to right.
    case upMirrored = 2
    /// Upside down.
    case down = 3
    /// Mirrored top to bottom.
    case downMirrored = 4
    /// Mirrored along the main diagonal.
    case leftMirrored = 5
    /// Turned a quarter anticlockwise: shown turned a quarter clockwise.
    case right = 6
    /// Mirrored along the other diagonal.
    case rightMirrored = 7
    /// Turned a quarter clockwise: shown turned a quarter anticlockwise.
    case left = 8

    /// Whether the upright picture is the stored one turned by 90° or 270° (its width and
    /// height swap).
    public var swapsSides: Bool { rawValue >= 5 }

    /// The upright width and height of a stored `width`×`height` picture.
    public func uprightSize(width: Int, height: Int) -> (width: Int, height: Int) {
        swapsSides ? (height, width) : (width, height)
    }

    /// The affine map from stored pixel coordinates to upright ones, as cairo's
    /// (xx, yx, xy, yy, x0, y0): x' = xx·x + xy·y + x0, y' = yx·x + yy·y + y0.
    func matrix(width w: Double, height h: Double) -> (xx: Double, yx: Double, xy: Double, yy: Double, x0: Double, y0: Double) {
        switch self {
        case .up: (1, 0, 0, 1, 0, 0)
        case .upMirrored: (-1, 0, 0, 1, w, 0)
        case .down: (-1, 0, 0, -1, w, h)
        case .downMirrored: (1, 0, 0, -1, 0, h)
        case .leftMirrored: (0, 1, 1, 0, 0, 0)
        case .right: (0, 1, -1, 0, h, 0)
        case .rightMirrored: (0, -1, -1, 0, h, w)
        case .left: (0, -1, 1, 0, 0, w)
        }
    }
}
