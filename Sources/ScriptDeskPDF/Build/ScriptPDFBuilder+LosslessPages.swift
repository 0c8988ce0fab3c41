import CPoppler
import Foundation

extension ScriptPDFBuilder {
    /// Draws a PNG page, decoded by cairo's libpng reader from the bytes whose header was
    /// checked.
    static func drawPNGPage(_ plan: PagePlan, number: Int, on pdf: CairoContext) throws(PDFBuildError) -> DrawnPage {
        let bytes = try PageFile(descriptor: plan.descriptor, page: number).whole(limit: maximumPageBytes)
        guard try PageHeader.parse(.png, from: bytes.buffer, isWhole: true, page: number) == plan.header else {
            throw .pageChanged(page: number)
        }
        var stream = PNGStream(bytes: bytes.buffer)
        let decoded = withUnsafeMutablePointer(to: &stream) { cursor in
            cairo_image_surface_create_from_png_stream(PNGStream.cairoRead, cursor)
        }
        guard let decoded else { throw .cairo(status: "no image surface") }
        let image: ImageSurface
        do {
            image = try ImageSurface(taking: decoded)
        } catch {
            throw .damagedImage(page: number, reason: "libpng could not decode it (\(error.message))")
        }
        guard image.width == plan.header.storedSize.width, image.height == plan.header.storedSize.height else {
            throw .damagedImage(page: number, reason: "its decoded size differs from its header")
        }
        if image.format == CAIRO_FORMAT_ARGB32 {
            // Transparent parts show as paper, not as whatever a reader puts behind.
            cairo_save(pdf.context)
            cairo_set_source_rgb(pdf.context, 1, 1, 1)
            cairo_paint(pdf.context)
            cairo_restore(pdf.context)
        }
        paint(image, plan: plan, on: pdf)
        return DrawnPage(image: image, looksBlank: image.sampledGrey().looksBlank)
    }

    /// Draws a TIFF page's first directory, decoded by libtiff straight into a cairo surface.
    static func drawTIFFPage(_ plan: PagePlan, number: Int, on pdf: CairoContext) throws(PDFBuildError) -> DrawnPage {
        let tiff: TIFFFile
        let info: TIFFInfo
        do {
            tiff = try TIFFFile(descriptor: plan.descriptor, maximumAllocation: maximumTIFFAllocation)
            info = try tiff.info()
        } catch {
            throw .damagedImage(page: number, reason: "\(error)")
        }
        guard PageHeader.tiff(info) == plan.header else { throw .pageChanged(page: number) }
        let image = try ImageSurface(format: CAIRO_FORMAT_RGB24, width: info.width, height: info.height)
        cairo_surface_flush(image.surface)
        guard image.rowBytes == info.width * 4, let data = cairo_image_surface_get_data(image.surface) else {
            throw .cairo(status: "unexpected image surface layout")
        }
        let pixels = UnsafeMutableRawPointer(data).bindMemory(to: UInt32.self, capacity: info.width * info.height)
        do {
            try tiff.readStoredRGBA(info, into: pixels)
        } catch {
            throw .damagedImage(page: number, reason: "\(error)")
        }
        if !info.isGrey {
            // libtiff packs red in the low byte, cairo in bits 16 to 23; grey needs no swap.
            for index in 0..<(info.width * info.height) {
                let pixel = pixels[index]
                pixels[index] = (pixel & 0xFF00_FF00) | (pixel & 0xFF) << 16 | (pixel >> 16) & 0xFF
            }
        }
        cairo_surface_mark_dirty(image.surface)
        paint(image, plan: plan, on: pdf)
        return DrawnPage(image: image, looksBlank: image.sampledGrey().looksBlank)
    }
}

/// The read position in a PNG held in memory, for cairo's stream reader.
struct PNGStream {
    var bytes: UnsafeRawBufferPointer
    var offset = 0

    /// The callback cairo reads through; `closure` points to a `PNGStream`. Running out of
    /// bytes is a read error: libpng then fails the decode instead of inventing data.
    static let cairoRead: cairo_read_func_t = { closure, data, length in
        guard let stream = closure?.assumingMemoryBound(to: PNGStream.self), let data else { return CAIRO_STATUS_READ_ERROR }
        let wanted = Int(length)
        guard stream.pointee.bytes.count - stream.pointee.offset >= wanted, let base = stream.pointee.bytes.baseAddress else {
            return CAIRO_STATUS_READ_ERROR
        }
        data.update(from: (base + stream.pointee.offset).assumingMemoryBound(to: UInt8.self), count: wanted)
        stream.pointee.offset += wanted
        return CAIRO_STATUS_SUCCESS
    }
}
