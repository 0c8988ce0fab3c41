import Foundation

/// PNGs written byte by byte (stored deflate blocks, so no compressor is needed).
enum TestPNG {
    /// An 8-bit greyscale PNG with a pattern that depends on `seed`; with `bilevel`, only
    /// black and white. `dpi` becomes a pHYs chunk.
    static func grey(width: Int, height: Int, dpi: Int? = nil, seed: UInt8 = 0, bilevel: Bool = false) -> Data {
        var rows: [UInt8] = []
        rows.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            rows.append(0)
            for x in 0..<width {
                let level = UInt8(truncatingIfNeeded: (x &* 7) ^ (y &* 3) &+ Int(seed) &* 11)
                rows.append(bilevel ? (level < 128 ? 0 : 255) : level)
            }
        }
        return file(width: width, height: height, colourType: 0, rows: rows, dpi: dpi)
    }

    /// A PNG whose IHDR claims `width`×`height` but whose image data is a few bytes.
    static func forgedHeader(width: Int, height: Int) -> Data {
        file(width: width, height: height, colourType: 0, rows: [0, 0, 0, 0], dpi: nil)
    }

    /// Signature, IHDR, optional pHYs, one IDAT of `rows` (filter bytes included), IEND.
    static func file(width: Int, height: Int, colourType: UInt8, rows: [UInt8], dpi: Int?) -> Data {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, colourType, 0, 0, 0], into: &png)
        if let dpi {
            let perMetre = UInt32((Double(dpi) / 0.0254).rounded())
            chunk("pHYs", bigEndian(perMetre) + bigEndian(perMetre) + [1], into: &png)
        }
        chunk("IDAT", zlibStored(rows), into: &png)
        chunk("IEND", [], into: &png)
        return Data(png)
    }

    private static func chunk(_ type: String, _ body: [UInt8], into png: inout [UInt8]) {
        let typed = Array(type.utf8) + body
        png += bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
    }

    /// A zlib stream of uncompressed deflate blocks.
    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let end = min(start + 65_535, data.count)
            let length = UInt16(end - start)
            out.append(end == data.count ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            out += data[start..<end]
            start = end
        } while start < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
