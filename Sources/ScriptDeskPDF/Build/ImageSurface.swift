import CPoppler

/// Owns a cairo surface holding a page's image (an image surface, or a stand-in for a JPEG)
/// and frees it in `deinit` (cairo keeps its own reference for as long as the PDF needs it).
final class ImageSurface {
    let surface: OpaquePointer

    /// A new surface of `width`×`height` pixels, cleared.
    convenience init(format: cairo_format_t, width: Int, height: Int) throws(PDFBuildError) {
        guard let surface = cairo_image_surface_create(format, Int32(width), Int32(height)) else {
            throw .cairo(status: "no image surface")
        }
        try self.init(taking: surface)
    }

    /// A stand-in of `width`×`height` for an image whose encoded bytes are attached as mime
    /// data (a JPEG page): an empty recording surface of those extents. cairo writes the mime
    /// data in its place and never asks for pixels, so none are allocated; an image surface
    /// would cost 4 bytes a pixel, and cairo copies an image surface's pixels when it is
    /// destroyed while the PDF still holds a snapshot of it.
    static func standIn(width: Int, height: Int) throws(PDFBuildError) -> ImageSurface {
        var extents = cairo_rectangle_t(x: 0, y: 0, width: Double(width), height: Double(height))
        guard let surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, &extents) else {
            throw .cairo(status: "no recording surface")
        }
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
