/// A scanned page's headers: read once from the start of its file before the PDF is begun,
/// and again from the whole file when the page is drawn, to catch a file that changed.
enum PageHeader: Hashable {
    case jpeg(JPEGInfo)
    case png(PNGInfo)
    case tiff(TIFFInfo)

    var format: ImageFormat {
        switch self {
        case .jpeg: .jpeg
        case .png: .png
        case .tiff: .tiff
        }
    }

    /// Width and height in pixels, as stored.
    var storedSize: (width: Int, height: Int) {
        switch self {
        case .jpeg(let info): (info.width, info.height)
        case .png(let info): (info.width, info.height)
        case .tiff(let info): (info.width, info.height)
        }
    }

    /// How the stored picture is turned upright (PNG pages are taken as stored).
    var orientation: ImageOrientation {
        switch self {
        case .jpeg(let info): info.orientation
        case .png: .up
        case .tiff(let info): info.orientation
        }
    }

    /// The resolution the file states, if any.
    var statedDotsPerInch: Double? {
        switch self {
        case .jpeg(let info): info.dotsPerInch
        case .png(let info): info.dotsPerInch
        case .tiff(let info): info.dotsPerInch
        }
    }
}
