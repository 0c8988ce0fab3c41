extension PDFFile {
    /// What verifying one image found.
    enum ImageVerdict {
        /// Every byte decoded cleanly; `preview` is a reduced grey picture when one was cheap to make.
        case verified(preview: ReducedImage?)
        /// The image uses a filter decoded only by rendering the page.
        case needsRendering(filters: [String])
    }

    /// Decodes an image's data completely and strictly: JPEG (DCT) through libjpeg at an
    /// eighth of the size, Flate through zlib to exactly the size its dimensions give.
    /// Throws a description of the damage.
    func verifyImage(_ image: PDFStream) throws(PDFCheckFailure) -> ImageVerdict {
        let dictionary = image.dictionary
        let name = "image object \(image.reference.number)"
        guard let width = try resolve(dictionary["Width"]).integer, let height = try resolve(dictionary["Height"]).integer,
            (1...JPEGDecoder.maximumPixels).contains(width), (1...JPEGDecoder.maximumPixels / width).contains(height)
        else { throw .objectDamaged("\(name) has no sensible /Width and /Height") }
        var filters = image.filters
        var data: [UInt8]? = nil
        if filters.first == "FlateDecode", filters.count > 1 {
            do throws(Inflater.Failure) {
                data = try Inflater.inflate(image.data, limit: Self.maximumStructureStream)
            } catch {
                switch error {
                case .tooLarge: throw .streamTooLarge("\(name) inflates to more than \(Self.maximumStructureStream >> 20) MB")
                case .damaged(let detail): throw .objectDamaged("\(name)'s compressed data is damaged (\(detail))")
                }
            }
            filters.removeFirst()
        }
        switch filters {
        case ["DCTDecode"]:
            let preview: ReducedImage
            do throws(JPEGDecodeError) {
                if let data {
                    preview = try data.withUnsafeBytes { buffer in
                        Result { () throws(JPEGDecodeError) in try JPEGDecoder.reducedGrey(buffer) }
                    }.get()
                } else {
                    preview = try JPEGDecoder.reducedGrey(image.data)
                }
            } catch {
                throw .objectDamaged("\(name): \(error)")
            }
            guard preview.width == (width + 7) / 8, preview.height == (height + 7) / 8 else {
                throw .objectDamaged("\(name)'s JPEG data is not the \(width)×\(height) its dictionary says")
            }
            return .verified(preview: preview)
        case ["FlateDecode"], []:
            return .verified(preview: try verifySamples(image, width: width, height: height))
        default:
            return .needsRendering(filters: filters)
        }
    }

    /// Raw or Flate samples: exactly rows × row length bytes once inflated.
    private func verifySamples(_ image: PDFStream, width: Int, height: Int) throws(PDFCheckFailure) -> ReducedImage? {
        let dictionary = image.dictionary
        let isMask = try resolve(dictionary["ImageMask"]) == .boolean(true)
        let bits = isMask ? 1 : (try resolve(dictionary["BitsPerComponent"]).integer ?? 8)
        guard let components = isMask ? 1 : try components(of: dictionary["ColorSpace"]), (1...32).contains(components),
            [1, 2, 4, 8, 16].contains(bits)
        else {
            throw .objectDamaged("image object \(image.reference.number) has a colour space or bit depth the check does not know")
        }
        let rowLength = (width * components * bits + 7) / 8
        let expected = rowLength * height
        let samples = try decoded(image, limit: expected + height + 1)
        guard samples.count == expected else {
            throw .objectDamaged("image object \(image.reference.number) holds \(samples.count) bytes of samples, not \(expected)")
        }
        guard components == 1, bits == 8 || bits == 1 else { return nil }
        return Self.preview(samples, width: width, height: height, rowLength: rowLength, bits: bits)
    }

    /// Colour components of a colour space, or nil when it is not one the check knows.
    private func components(of colourSpace: PDFObject?) throws(PDFCheckFailure) -> Int? {
        let space = try resolve(colourSpace)
        switch space.name ?? space.array?.first?.name {
        case "DeviceGray", "CalGray", "Indexed", "Separation": return 1
        case "DeviceRGB", "CalRGB", "Lab": return 3
        case "DeviceCMYK": return 4
        case "ICCBased":
            guard let profile = space.array?.dropFirst().first?.reference else { return nil }
            return try stream(profile).dictionary["N"]?.integer
        default: return nil
        }
    }

    /// An eighth-scale grey picture sampled from 8-bit or 1-bit grey rows, for blank-page checks.
    private static func preview(_ samples: [UInt8], width: Int, height: Int, rowLength: Int, bits: Int) -> ReducedImage {
        let (reducedWidth, reducedHeight) = ((width + 7) / 8, (height + 7) / 8)
        var pixels = [UInt8](repeating: 255, count: reducedWidth * reducedHeight)
        for y in 0..<reducedHeight {
            let row = y * 8 * rowLength
            for x in 0..<reducedWidth {
                let column = x * 8
                pixels[y * reducedWidth + x] =
                    bits == 8 ? samples[row + column] : ((samples[row + column / 8] >> (7 - UInt8(column % 8))) & 1 == 1 ? 255 : 0)
            }
        }
        return ReducedImage(width: reducedWidth, height: reducedHeight, pixels: pixels)
    }
}
