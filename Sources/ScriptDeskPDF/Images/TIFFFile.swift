import CTIFF

#if canImport(Glibc)
import Glibc
#endif

/// An open TIFF file: owns libtiff's handle and the buffer its first error message goes to,
/// and frees both in `deinit`. libtiff reads the tags when opening and the strips only when
/// asked, so opening costs a few small reads however large the picture.
final class TIFFFile {
    private let handle: OpaquePointer
    private let message: UnsafeMutablePointer<CChar>

    /// Reads the TIFF open on `descriptor`, which stays open for its owner: libtiff takes a
    /// duplicate, closed with the handle. No single allocation libtiff makes may exceed
    /// `maximumAllocation` bytes.
    init(descriptor: Int32, maximumAllocation: Int) throws(TIFFFileError) {
        let size = Int(SCRIPTDESK_TIFF_MESSAGE_SIZE)
        message = .allocate(capacity: size)
        message.initialize(repeating: 0, count: size)
        // libtiff reads the header at the current offset, which a duplicate shares with the
        // original (an earlier read of the same page left it elsewhere): start from 0.
        let owned = fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
        guard owned >= 0, lseek(owned, 0, SEEK_SET) == 0 else {
            let reason = String(cString: strerror(errno))
            if owned >= 0 { close(owned) }
            message.deallocate()
            throw .unreadable(reason)
        }
        guard let handle = scriptdesk_tiff_fd_open(owned, message, tmsize_t(maximumAllocation)) else {
            close(owned)
            let detail = String(cString: message)
            message.deallocate()
            throw .unreadable(detail.isEmpty ? "libtiff could not open it" : detail)
        }
        self.handle = handle
    }

    deinit {
        TIFFClose(handle)
        message.deallocate()
    }

    /// libtiff's first error on this file, or a fallback.
    private var firstError: String {
        let text = String(cString: message)
        return text.isEmpty ? "libtiff reported no detail" : text
    }

    /// The current directory's tags.
    func info() throws(TIFFFileError) -> TIFFInfo {
        var width: UInt32 = 0
        var height: UInt32 = 0
        guard scriptdesk_tiff_get_uint32(handle, UInt32(TIFFTAG_IMAGEWIDTH), &width) == 1,
            scriptdesk_tiff_get_uint32(handle, UInt32(TIFFTAG_IMAGELENGTH), &height) == 1, width > 0, height > 0
        else { throw .unreadable("no image width or height") }
        var photometric: UInt16 = 0
        guard scriptdesk_tiff_get_uint16(handle, UInt32(TIFFTAG_PHOTOMETRIC), &photometric) == 1 else {
            throw .unreadable("no Photometric tag")
        }
        return TIFFInfo(
            width: Int(width),
            height: Int(height),
            bitsPerSample: Int(uint16(TIFFTAG_BITSPERSAMPLE) ?? 1),
            samplesPerPixel: Int(uint16(TIFFTAG_SAMPLESPERPIXEL) ?? 1),
            photometric: Int(photometric),
            compression: Int(uint16(TIFFTAG_COMPRESSION) ?? 1),
            dotsPerInch: dotsPerInch,
            orientation: uint16(TIFFTAG_ORIENTATION).flatMap { ImageOrientation(rawValue: Int($0)) } ?? .up
        )
    }

    private func uint16(_ tag: Int32) -> UInt16? {
        var value: UInt16 = 0
        return scriptdesk_tiff_get_uint16(handle, UInt32(tag), &value) == 1 ? value : nil
    }

    private var dotsPerInch: Double? {
        var resolution: Float = 0
        guard scriptdesk_tiff_get_float(handle, UInt32(TIFFTAG_XRESOLUTION), &resolution) == 1,
            resolution.isFinite, resolution > 0
        else { return nil }
        switch uint16(TIFFTAG_RESOLUTIONUNIT) ?? 2 {
        case 2: return Double(resolution)
        case 3: return Double(resolution) * 2.54
        default: return nil
        }
    }

    /// Pages in the file: directories that are not reduced-resolution copies (thumbnails) of
    /// another. Reads every directory's tags, at most `limit` of them, and returns to the first.
    func pageCount(limit: Int) throws(TIFFFileError) -> Int {
        var pages = 0
        var directories = 0
        repeat {
            var kind: UInt32 = 0
            _ = scriptdesk_tiff_get_uint32(handle, UInt32(TIFFTAG_SUBFILETYPE), &kind)
            if kind & UInt32(FILETYPE_REDUCEDIMAGE) == 0 { pages += 1 }
            directories += 1
        } while directories < limit && TIFFReadDirectory(handle) == 1
        guard TIFFSetDirectory(handle, 0) == 1 else { throw .unreadable(firstError) }
        return pages
    }

    /// Whether libtiff can turn the first directory's picture into RGBA, and why not.
    func decodableProblem() -> String? {
        guard TIFFIsCODECConfigured(UInt16(uint16(TIFFTAG_COMPRESSION) ?? 1)) == 1 else {
            return "its compression scheme is not supported"
        }
        var reason = [CChar](repeating: 0, count: 1024)
        guard TIFFRGBAImageOK(handle, &reason) == 1 else {
            return String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }

    /// Decodes the current directory into `pixels` (`info.width`×`info.height`, rows top to
    /// bottom as stored, each pixel packed as libtiff's ABGR: red in the low byte).
    func readStoredRGBA(_ info: TIFFInfo, into pixels: UnsafeMutablePointer<UInt32>) throws(TIFFFileError) {
        // Asking for the file's own orientation makes libtiff leave the rows as stored; the
        // builder turns the picture upright itself, the same way as a JPEG's Exif orientation.
        let stored = Int32(info.orientation.rawValue)
        guard TIFFReadRGBAImageOriented(handle, UInt32(info.width), UInt32(info.height), pixels, stored, 1) == 1 else {
            throw .damaged(firstError)
        }
    }
}

@available(*, unavailable, message: "a libtiff handle is not thread-safe; use one per task")
extension TIFFFile: Sendable {}

/// Why a TIFF could not be opened or decoded.
enum TIFFFileError: Error, Hashable, CustomStringConvertible {
    /// The header or tags are damaged or missing.
    case unreadable(String)
    /// The strips or tiles are truncated or corrupt.
    case damaged(String)

    var description: String {
        switch self {
        case .unreadable(let detail): "damaged TIFF headers (\(detail))"
        case .damaged(let detail): "damaged TIFF image data (\(detail))"
        }
    }
}
