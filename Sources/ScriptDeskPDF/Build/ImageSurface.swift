import CPoppler
import Foundation

/// Owns a cairo image surface and frees it in `deinit` (cairo keeps its own reference for
/// as long as a PDF page still needs it).
final class ImageSurface {
    let surface: OpaquePointer

    /// A new surface of `width`×`height` pixels, cleared.
    convenience init(format: cairo_format_t, width: Int, height: Int) throws(PDFBuildError) {
        guard let surface = cairo_image_surface_create(format, Int32(width), Int32(height)) else {
            throw .cairo(status: "no image surface")
        }
        try self.init(taking: surface)
    }

    /// A surface of `width`×`height` pixels whose pixels are never meant to be read or
    /// written: a stand-in for an image whose encoded bytes are attached as mime data. Its
    /// memory is mapped fresh from the kernel, so it is never touched and never resident;
    /// `malloc` would clear it (glibc serves large blocks from the heap once one has been
    /// freed), which costs more than the rest of a JPEG page.
    static func untouched(width: Int, height: Int) throws(PDFBuildError) -> ImageSurface {
        let rowBytes = Int(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(width)))
        let length = rowBytes * height
        guard rowBytes > 0, let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
            base != MAP_FAILED
        else { throw .cairo(status: "cannot map \(length) bytes for an image") }
        let mapping = UnsafeMutablePointer<MappedPixels>.allocate(capacity: 1)
        mapping.initialize(to: MappedPixels(base: base, length: length))
        let surface = cairo_image_surface_create_for_data(
            base.assumingMemoryBound(to: UInt8.self),
            CAIRO_FORMAT_RGB24,
            Int32(width),
            Int32(height),
            Int32(rowBytes)
        )
        // cairo unmaps the pixels when it drops the surface's last reference, which may be
        // after this object is gone (the PDF page keeps one until it is written).
        let status = cairo_surface_set_user_data(surface, MappedPixels.key, mapping, MappedPixels.release)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            MappedPixels.release(mapping)
            throw .cairo(status: String(cString: cairo_status_to_string(status)))
        }
        guard let surface else { throw .cairo(status: "no image surface") }
        return try ImageSurface(taking: surface)
    }

    /// Takes ownership of `surface`, refusing one that cairo marked as failed.
    init(taking surface: OpaquePointer) throws(PDFBuildError) {
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw .cairo(status: String(cString: cairo_status_to_string(status)))
        }
        self.surface = surface
    }

    deinit {
        cairo_surface_destroy(surface)
    }

    var width: Int { Int(cairo_image_surface_get_width(surface)) }
    var height: Int { Int(cairo_image_surface_get_height(surface)) }
    var format: cairo_format_t { cairo_image_surface_get_format(surface) }
    var rowBytes: Int { Int(cairo_image_surface_get_stride(surface)) }

    /// One grey level for every eighth pixel of every eighth row (the green channel of
    /// 32-bit pixels): enough to tell a blank page, at a sixty-fourth of the cost.
    func sampledGrey() -> ReducedImage {
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface), width > 0, height > 0,
            format == CAIRO_FORMAT_RGB24 || format == CAIRO_FORMAT_ARGB32
        else { return ReducedImage(width: 0, height: 0, pixels: []) }
        let reducedWidth = (width + 7) / 8
        let reducedHeight = (height + 7) / 8
        var pixels: [UInt8] = []
        pixels.reserveCapacity(reducedWidth * reducedHeight)
        for row in stride(from: 0, to: height, by: 8) {
            let line = data + row * rowBytes
            for column in stride(from: 0, to: width, by: 8) {
                // Native-endian 0xAARRGGBB: green is bits 8 to 15.
                let pixel = UnsafeRawPointer(line + column * 4).loadUnaligned(as: UInt32.self)
                pixels.append(UInt8(truncatingIfNeeded: pixel >> 8))
            }
        }
        return ReducedImage(width: reducedWidth, height: reducedHeight, pixels: pixels)
    }
}

@available(*, unavailable, message: "cairo surfaces are not thread-safe; use one per task")
extension ImageSurface: Sendable {}
