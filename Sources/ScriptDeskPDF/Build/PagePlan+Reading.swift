extension PagePlan {
    /// How much of a JPEG or PNG is read first for its headers; more only when they run on.
    static let headerReadSizes = [64 * 1024, 1024 * 1024]

    /// Reads the headers of the page open on `descriptor` (a small read from the start of the
    /// file, or the TIFF's tags) and checks them, decoding nothing.
    static func read(descriptor: Int32, page: Int) throws(PDFBuildError) -> PagePlan {
        let file = try PageFile(descriptor: descriptor, page: page)
        guard file.size <= ScriptPDFBuilder.maximumPageBytes else {
            throw .fileTooLarge(page: page, bytes: file.size, limit: ScriptPDFBuilder.maximumPageBytes)
        }
        let start = try file.prefix(16)
        guard let format = ImageFormat(sniffing: start.buffer) else { throw .unknownFormat(page: page) }
        let header: PageHeader
        if format == .tiff {
            header = try tiffHeader(descriptor: descriptor, page: page, countingPages: true)
        } else {
            header = try prefixHeader(format, of: file)
        }
        try header.check(page: page)
        return PagePlan(descriptor: descriptor, header: header)
    }

    private static func prefixHeader(_ format: ImageFormat, of file: PageFile) throws(PDFBuildError) -> PageHeader {
        for size in headerReadSizes + [file.size] {
            let bytes = try file.prefix(size)
            let isWhole = bytes.count >= file.size
            if let header = try PageHeader.parse(format, from: bytes.buffer, isWhole: isWhole, page: file.page) {
                return header
            }
            if isWhole { break }
        }
        throw .pageChanged(page: file.page)
    }

    /// A TIFF's first directory; with `countingPages`, refuses a file holding several pages.
    static func tiffHeader(descriptor: Int32, page: Int, countingPages: Bool) throws(PDFBuildError) -> PageHeader {
        do {
            let tiff = try TIFFFile(descriptor: descriptor, maximumAllocation: ScriptPDFBuilder.maximumTIFFAllocation)
            let info = try tiff.info()
            try PageHeader.tiff(info).check(page: page)
            if countingPages {
                let pages = try tiff.pageCount(limit: 64)
                guard pages == 1 else { throw PDFBuildError.multiPageTIFF(page: page, pages: pages) }
                if let problem = tiff.decodableProblem() {
                    throw PDFBuildError.unsupportedImage(page: page, reason: problem)
                }
            }
            return .tiff(info)
        } catch let error as PDFBuildError {
            throw error
        } catch let error as TIFFFileError {
            throw .damagedImage(page: page, reason: "\(error)")
        } catch {
            throw .damagedImage(page: page, reason: "\(error)")
        }
    }
}
