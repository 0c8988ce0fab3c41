/// What the builder found out about one scanned page while embedding it.
public struct ScannedPageReport: Sendable, Hashable {
    /// The page's number among the scanned pages (1-based, the cover not counted).
    public var number: Int
    /// The kind of image the page's file holds.
    public var format: ImageFormat
    /// Width and height in pixels, as stored (before turning upright).
    public var pixelWidth: Int
    /// Height in pixels, as stored.
    public var pixelHeight: Int
    /// How the stored picture was turned upright.
    public var orientation: ImageOrientation
    /// The resolution that gave the page its printed size.
    public var dotsPerInch: Double
    /// Whether the file stated no (plausible) resolution, so the page was made A4 wide.
    public var resolutionInferred: Bool
    /// Whether the page looks like blank paper (see `ReducedImage.looksBlank`).
    public var looksBlank: Bool

    /// A page's report as the builder makes it.
    public init(
        number: Int,
        format: ImageFormat,
        pixelWidth: Int,
        pixelHeight: Int,
        orientation: ImageOrientation,
        dotsPerInch: Double,
        resolutionInferred: Bool,
        looksBlank: Bool
    ) {
        self.number = number
        self.format = format
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
        self.orientation = orientation
        self.dotsPerInch = dotsPerInch
        self.resolutionInferred = resolutionInferred
        self.looksBlank = looksBlank
    }
}
