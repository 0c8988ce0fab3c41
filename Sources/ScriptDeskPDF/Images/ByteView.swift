/// Bounds-checked big- or little-endian reads from bytes that came from a file: a read past
/// the end gives `nil`, never a trap.
struct ByteView {
    let bytes: UnsafeRawBufferPointer
    /// Whether multi-byte values are stored most significant byte first.
    var bigEndian = true

    var count: Int { bytes.count }

    func u8(_ offset: Int) -> Int? {
        guard offset >= 0, offset < bytes.count else { return nil }
        return Int(bytes[offset])
    }

    func u16(_ offset: Int) -> Int? {
        guard let a = u8(offset), let b = u8(offset + 1) else { return nil }
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    func u32(_ offset: Int) -> Int? {
        guard let a = u16(offset), let b = u16(offset + 2) else { return nil }
        return bigEndian ? a << 16 | b : b << 16 | a
    }

    /// Whether the bytes at `offset` are exactly `expected`.
    func matches(_ expected: some Collection<UInt8>, at offset: Int) -> Bool {
        guard offset >= 0, offset + expected.count <= bytes.count else { return false }
        return bytes[offset..<(offset + expected.count)].elementsEqual(expected)
    }
}
