/// One finished entry as the central directory will describe it.
struct ZIPCentralEntry: Sendable {
    /// The name's UTF-8 bytes.
    var name: [UInt8]
    /// When the entry last changed.
    var timestamp: ZIPTimestamp
    /// The CRC-32 of its bytes.
    var crc: UInt32
    /// Its size, stored and unpacked alike.
    var size: UInt64
    /// Where its local header starts in the archive.
    var offset: UInt64
}
