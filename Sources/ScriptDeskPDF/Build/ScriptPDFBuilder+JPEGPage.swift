import CPoppler
import Foundation

extension ScriptPDFBuilder {
    /// Reads a JPEG page whole and checks it as `verification` says: decoded strictly at an
    /// eighth of the size, or its end marker found (cairo would embed a truncated or corrupt
    /// JPEG blindly). Safe to run on any thread.
    static func verifyJPEGPage(_ plan: PagePlan, number: Int, verification: JPEGVerification) throws(PDFBuildError) -> VerifiedJPEG {
        let bytes = try PageFile(descriptor: plan.descriptor, page: number).whole(limit: maximumPageBytes)
        guard try PageHeader.parse(.jpeg, from: bytes.buffer, isWhole: true, page: number) == plan.header else {
            throw .pageChanged(page: number)
        }
        guard verification == .decodeEveryPage else {
            guard endsWithEndOfImage(bytes.buffer) else {
                throw .damagedImage(page: number, reason: "the JPEG has no end-of-image marker: it was cut short")
            }
            return VerifiedJPEG(bytes: bytes, looksBlank: false)
        }
        do {
            return VerifiedJPEG(bytes: bytes, looksBlank: try JPEGDecoder.reducedGrey(bytes.buffer).looksBlank)
        } catch .tooLarge(let width, let height) {
            throw .imageTooLarge(page: number, width: width, height: height)
        } catch {
            throw .damagedImage(page: number, reason: "\(error)")
        }
    }

    /// Draws a verified JPEG page with its bytes embedded unchanged. Returns the image, to be
    /// kept until the page is shown.
    static func drawJPEGPage(_ jpeg: VerifiedJPEG, plan: PagePlan, on pdf: CairoContext) throws(PDFBuildError) -> DrawnPage {
        let (width, height) = plan.header.storedSize
        // The JPEG bytes attached as mime data are written in the stand-in's place.
        let image = try ImageSurface.standIn(width: width, height: height)
        let length = jpeg.bytes.count
        let memory = jpeg.bytes.handOver()
        let status = cairo_surface_set_mime_data(
            image.surface,
            CAIRO_MIME_TYPE_JPEG,
            memory?.assumingMemoryBound(to: UInt8.self),
            UInt(length),
            { free($0) },
            memory
        )
        guard status == CAIRO_STATUS_SUCCESS else {
            free(memory)
            throw .cairo(status: String(cString: cairo_status_to_string(status)))
        }
        paint(image, plan: plan, on: pdf)
        return DrawnPage(image: image, looksBlank: jpeg.looksBlank)
    }

    /// Paints `image` over the whole current page, scaled by the page's resolution and turned
    /// upright.
    static func paint(_ image: ImageSurface, plan: PagePlan, on pdf: CairoContext) {
        let (width, height) = plan.header.storedSize
        let turn = plan.header.orientation.matrix(width: Double(width), height: Double(height))
        var matrix = cairo_matrix_t(xx: turn.xx, yx: turn.yx, xy: turn.xy, yy: turn.yy, x0: turn.x0, y0: turn.y0)
        cairo_save(pdf.context)
        cairo_scale(pdf.context, 72 / plan.dotsPerInch, 72 / plan.dotsPerInch)
        cairo_transform(pdf.context, &matrix)
        cairo_set_source_surface(pdf.context, image.surface, 0, 0)
        cairo_paint(pdf.context)
        cairo_restore(pdf.context)
    }

    /// Whether the JPEG's end-of-image marker (FF D9) is among its last bytes; scanners may
    /// pad a little after it.
    static func endsWithEndOfImage(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let floor = max(1, bytes.count - 256)
        var index = bytes.count - 1
        while index >= floor {
            if bytes[index] == 0xD9, bytes[index - 1] == 0xFF { return true }
            index -= 1
        }
        return false
    }
}
