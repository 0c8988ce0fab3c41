import CZlib

/// The CRC-32 that ZIP records (zlib's), taken over bytes that pass by in pieces.
struct CRC32: Sendable {
    /// The CRC-32 of every byte so far; 0 before any.
    private(set) var value: UInt32 = 0

    /// Takes `bytes` into the CRC, in slices zlib's 32-bit length can hold.
    mutating func update(with bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            var crc = uLong(value)
            var start = 0
            while start < buffer.count {
                let count = min(buffer.count - start, 1 << 30)
                crc = crc32(crc, buffer.baseAddress! + start, uInt(count))
                start += count
            }
            value = UInt32(truncatingIfNeeded: crc)
        }
    }
}
