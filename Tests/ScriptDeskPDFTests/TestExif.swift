import Foundation

/// Exif blocks for test JPEGs: orientation and resolution, in either byte order.
enum TestExif {
    /// `jpeg` with an APP1 Exif segment after its JFIF segment.
    static func adding(to jpeg: Data, orientation: Int?, dpi: Int? = nil, bigEndian: Bool = false) -> Data {
        let bytes = [UInt8](jpeg)
        let app0End = 4 + (Int(bytes[4]) << 8 | Int(bytes[5]))
        let tiff = tiffBlock(orientation: orientation, dpi: dpi, bigEndian: bigEndian)
        let length = 2 + 6 + tiff.count
        let segment: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + Array("Exif\0\0".utf8) + tiff
        return Data(bytes[0..<app0End] + segment + bytes[app0End...])
    }

    /// `jpeg` with its JFIF segment saying "aspect ratio only" (no resolution).
    static func withoutJFIFDensity(_ jpeg: Data) -> Data {
        var bytes = [UInt8](jpeg)
        bytes[13] = 0
        bytes[14...17] = [0, 1, 0, 1]
        return Data(bytes)
    }

    private static func tiffBlock(orientation: Int?, dpi: Int?, bigEndian: Bool) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: Int) -> [UInt8] { bigEndian ? u16(v >> 16) + u16(v & 0xFFFF) : u16(v & 0xFFFF) + u16(v >> 16) }
        var entries: [[UInt8]] = []
        let count = (orientation == nil ? 0 : 1) + (dpi == nil ? 0 : 2)
        let rationalOffset = 8 + 2 + 12 * count + 4
        if let orientation { entries.append(u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0)) }
        if dpi != nil {
            entries.append(u16(0x011A) + u16(5) + u32(1) + u32(rationalOffset))
            entries.append(u16(0x0128) + u16(3) + u32(1) + u16(2) + u16(0))
        }
        var block: [UInt8] = (bigEndian ? [0x4D, 0x4D, 0x00, 0x2A] : [0x49, 0x49, 0x2A, 0x00]) + u32(8)
        block += u16(count) + entries.flatMap { $0 } + u32(0)
        if let dpi { block += u32(dpi * 10) + u32(10) }
        return block
    }
}
