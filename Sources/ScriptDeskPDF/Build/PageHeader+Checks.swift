extension PageHeader {
    /// Reads a JPEG's or PNG's headers from `bytes`. When `bytes` are only the start of the
    /// file (`isWhole` false) and the headers run past them, returns `nil`: read more.
    static func parse(
        _ format: ImageFormat,
        from bytes: UnsafeRawBufferPointer,
        isWhole: Bool,
        page: Int
    ) throws(PDFBuildError) -> PageHeader? {
        switch format {
        case .jpeg:
            do {
                return .jpeg(try JPEGInfo(bytes: bytes))
            } catch .truncated where !isWhole {
                return nil
            } catch .tooLarge(let width, let height) {
                throw .imageTooLarge(page: page, width: width, height: height)
            } catch .unsupportedCoding {
                throw .unsupportedImage(page: page, reason: "it is a lossless or arithmetic-coded JPEG, which PDF readers do not all show")
            } catch .notJPEG {
                throw .unknownFormat(page: page)
            } catch {
                throw .damagedImage(page: page, reason: "\(error)")
            }
        case .png:
            do {
                return .png(try PNGInfo(bytes: bytes))
            } catch .truncated where !isWhole {
                return nil
            } catch .notPNG {
                throw .unknownFormat(page: page)
            } catch {
                throw .damagedImage(page: page, reason: "\(error)")
            }
        case .tiff:
            preconditionFailure("TIFF tags are read by libtiff from the file")
        }
    }

    /// Refuses what cannot be embedded faithfully or would take unbounded memory: CMYK,
    /// sizes no scanned page has, JPEG codings PDF readers do not all show.
    func check(page: Int) throws(PDFBuildError) {
        let (width, height) = storedSize
        let pixelLimit = format == .jpeg ? JPEGDecoder.maximumPixels : ScriptPDFBuilder.maximumDecodedPixels
        guard width <= JPEGInfo.maximumSide, height <= JPEGInfo.maximumSide, width * height <= pixelLimit else {
            throw .imageTooLarge(page: page, width: width, height: height)
        }
        switch self {
        case .jpeg(let info):
            // cairo 1.16 writes a four-component JPEG as DeviceCMYK with no Decode array, so
            // Adobe's inverted CMYK and YCCK come out as a negative.
            guard info.components != 4 else { throw .cmykPage(page: page, adobeInverted: info.hasAdobeMarker) }
            guard info.components == 1 || info.components == 3 else {
                throw .unsupportedImage(page: page, reason: "it has \(info.components) colour components")
            }
            guard info.precision == 8 else {
                throw .unsupportedImage(page: page, reason: "it has \(info.precision)-bit samples, which PDF does not allow")
            }
        case .png:
            break
        case .tiff(let info):
            guard !info.isCMYK else { throw .cmykPage(page: page, adobeInverted: false) }
            guard [0, 1, 2, 3, 6].contains(info.photometric) else {
                throw .unsupportedImage(page: page, reason: "its TIFF Photometric \(info.photometric) is not grey, RGB or palette colour")
            }
        }
    }
}
