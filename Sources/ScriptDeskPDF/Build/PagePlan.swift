/// What is known of a scanned page before the PDF is begun: its headers, and the
/// resolution that gives its printed size.
struct PagePlan: Hashable {
    /// The page's file, open read-only; the build's caller owns the descriptor.
    var descriptor: Int32
    /// Its headers, as first read.
    var header: PageHeader
    /// The resolution used: the one stated, or one inferred so that the page is A4 wide.
    var dotsPerInch: Double
    /// Whether `dotsPerInch` was inferred (the file states none, or an implausible one).
    var resolutionInferred: Bool

    /// Stated resolutions outside this range are taken as mistakes and ignored.
    static let plausibleDotsPerInch = 50.0...2_400.0
    /// A4's width in inches, for pages that state no resolution.
    static let a4WidthInches = 8.27

    init(descriptor: Int32, header: PageHeader) {
        self.descriptor = descriptor
        self.header = header
        let (width, height) = header.storedSize
        let upright = header.orientation.uprightSize(width: width, height: height)
        if let stated = header.statedDotsPerInch, Self.plausibleDotsPerInch.contains(stated) {
            dotsPerInch = stated
            resolutionInferred = false
        } else {
            dotsPerInch = Double(upright.width) / Self.a4WidthInches
            resolutionInferred = true
        }
    }

    /// The upright page's size in PostScript points.
    var pageSize: (width: Double, height: Double) {
        let (width, height) = header.storedSize
        let upright = header.orientation.uprightSize(width: width, height: height)
        let scale = 72 / dotsPerInch
        return (Double(upright.width) * scale, Double(upright.height) * scale)
    }
}
