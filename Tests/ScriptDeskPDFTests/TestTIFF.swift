import Foundation

/// Uncompressed TIFFs written byte by byte, one strip per directory.
enum TestTIFF {
    /// One directory (page) of a TIFF.
    struct Directory {
        var width: Int
        var height: Int
        var bitsPerSample = 8
        var samplesPerPixel = 1
        /// 0 white is zero, 1 black is zero, 2 RGB, 5 CMYK.
        var photometric = 1
        /// Packed rows, as stored.
        var pixels: [UInt8]
        var dpi: Int?
        var orientation: Int?
        var subfileType: Int?
    }

    /// An 8-bit greyscale page with a pattern that depends on `seed`.
    static func grey(width: Int, height: Int, dpi: Int? = nil, seed: UInt8 = 0) -> Directory {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height)
        for y in 0..<height {
            for x in 0..<width { pixels.append(UInt8(truncatingIfNeeded: (x &* 5) ^ (y &* 7) &+ Int(seed) &* 13)) }
        }
        return Directory(width: width, height: height, pixels: pixels, dpi: dpi)
    }

    /// A 1-bit black-and-white page (white is zero), stripes and a box.
    static func bilevel(width: Int, height: Int, dpi: Int? = nil) -> Directory {
        let rowBytes = (width + 7) / 8
        var pixels = [UInt8](repeating: 0, count: rowBytes * height)
        for y in 0..<height {
            for x in 0..<width where (x / 9 + y / 13) % 3 == 0 {
                pixels[y * rowBytes + x / 8] |= 0x80 >> UInt8(x % 8)
            }
        }
        return Directory(width: width, height: height, bitsPerSample: 1, photometric: 0, pixels: pixels, dpi: dpi)
    }

    /// The file holding `directories`, in either byte order.
    static func file(_ directories: [Directory], bigEndian: Bool = false) -> Data {
        var writer = Writer(bigEndian: bigEndian)
        writer.bytes += bigEndian ? [0x4D, 0x4D, 0x00, 0x2A] : [0x49, 0x49, 0x2A, 0x00]
        var link = writer.bytes.count
        writer.u32(0)
        for directory in directories {
            let ifd = writer.write(directory)
            writer.patch32(at: link, UInt32(ifd))
            link = ifd + 2 + 12 * writer.lastEntryCount
        }
        return Data(writer.bytes)
    }

    private struct Writer {
        let bigEndian: Bool
        var bytes: [UInt8] = []
        var lastEntryCount = 0

        mutating func u16(_ value: Int) {
            let v = UInt16(value)
            bytes += bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)]
        }

        mutating func u32(_ value: UInt32) {
            let be = [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
            bytes += bigEndian ? be : be.reversed()
        }

        mutating func patch32(at offset: Int, _ value: UInt32) {
            let saved = bytes
            bytes = []
            u32(value)
            let encoded = bytes
            bytes = saved
            bytes.replaceSubrange(offset..<(offset + 4), with: encoded)
        }

        mutating func align() {
            if bytes.count % 2 == 1 { bytes.append(0) }
        }

        /// Writes the pixels, the values too long for an entry, then the directory; returns its offset.
        mutating func write(_ d: Directory) -> Int {
            align()
            let strip = bytes.count
            bytes += d.pixels
            align()
            let bits = bytes.count
            for _ in 0..<d.samplesPerPixel { u16(d.bitsPerSample) }
            align()
            let resolution = bytes.count
            u32(UInt32(d.dpi ?? 1))
            u32(1)
            // (tag, type, count, value or offset): 3 SHORT, 4 LONG, 5 RATIONAL.
            var entries: [(Int, Int, Int, UInt32)] = []
            if let kind = d.subfileType { entries.append((254, 4, 1, UInt32(kind))) }
            entries += [
                (256, 4, 1, UInt32(d.width)), (257, 4, 1, UInt32(d.height)),
                (258, 3, d.samplesPerPixel, d.samplesPerPixel == 1 ? UInt32(d.bitsPerSample) : UInt32(bits)),
                (259, 3, 1, 1), (262, 3, 1, UInt32(d.photometric)), (273, 4, 1, UInt32(strip)),
            ]
            if let orientation = d.orientation { entries.append((274, 3, 1, UInt32(orientation))) }
            entries += [(277, 3, 1, UInt32(d.samplesPerPixel)), (278, 4, 1, UInt32(d.height)), (279, 4, 1, UInt32(d.pixels.count))]
            if d.dpi != nil {
                entries += [(282, 5, 1, UInt32(resolution)), (283, 5, 1, UInt32(resolution)), (296, 3, 1, 2)]
            }
            align()
            let ifd = bytes.count
            u16(entries.count)
            for (tag, type, count, value) in entries {
                u16(tag)
                u16(type)
                u32(UInt32(count))
                if type == 3 && count == 1 {
                    u16(Int(value))
                    u16(0)
                } else {
                    u32(value)
                }
            }
            u32(0)
            lastEntryCount = entries.count
            return ifd
        }
    }
}
