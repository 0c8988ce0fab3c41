import CTurboJPEG
public import Foundation

/// Encodes greyscale pages as baseline JPEG with libturbojpeg.
///
/// libturbojpeg (Debian's `libturbojpeg0-dev`) is chosen because it is the encoder behind
/// most scanning software, is SIMD-accelerated (a page in a few milliseconds), and its
/// TurboJPEG API is plain function calls that Swift can use without a C shim.
public enum JPEGEncoder {
    /// Encodes 8-bit grey pixels (row stride `stride`) and records `dotsPerInch` in the JFIF header.
    public static func encodeGrey(
        pixels: UnsafeBufferPointer<UInt8>,
        width: Int,
        height: Int,
        stride: Int,
        quality: Int,
        dotsPerInch: Int
    ) throws(PDFBuildError) -> Data {
        guard let encoder = tjInitCompress() else { throw .encoder(reason: "tjInitCompress failed") }
        defer { tjDestroy(encoder) }
        var output: UnsafeMutablePointer<UInt8>?
        var length: UInt = 0
        let status = tjCompress2(
            encoder,
            pixels.baseAddress,
            Int32(width),
            Int32(stride),
            Int32(height),
            Int32(TJPF_GRAY.rawValue),
            &output,
            &length,
            Int32(TJSAMP_GRAY.rawValue),
            Int32(quality),
            0
        )
        defer { tjFree(output) }
        guard status == 0, let output else {
            throw .encoder(reason: String(cString: tjGetErrorStr2(encoder)))
        }
        var jpeg = Data(bytes: output, count: Int(length))
        setDensity(of: &jpeg, dotsPerInch: dotsPerInch)
        return jpeg
    }

    /// TurboJPEG writes a JFIF header with an aspect ratio but no resolution; scanners write
    /// dots per inch, which is what gives a page its printed size.
    static func setDensity(of jpeg: inout Data, dotsPerInch: Int) {
        let base = jpeg.startIndex
        guard jpeg.count > 20, jpeg[base + 2] == 0xFF, jpeg[base + 3] == 0xE0,
            jpeg[(base + 6)..<(base + 11)].elementsEqual("JFIF\0".utf8)
        else { return }
        jpeg[base + 13] = 1
        jpeg[base + 14] = UInt8(dotsPerInch >> 8)
        jpeg[base + 15] = UInt8(dotsPerInch & 0xFF)
        jpeg[base + 16] = UInt8(dotsPerInch >> 8)
        jpeg[base + 17] = UInt8(dotsPerInch & 0xFF)
    }
}
