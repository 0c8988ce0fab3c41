/// The byte layouts of the ZIP records that a stored, streamed archive needs (PKWARE's
/// APPNOTE.TXT 6.3: sections 4.3.7 to 4.3.16 and 4.5.3), all little-endian.
///
/// A 32-bit size or offset at or past `threshold` is written as 0xFFFFFFFF with its real value
/// in a ZIP64 extra field; `threshold` is 0xFFFFFFFF except when a test makes it small.
enum ZIPLayout {
    /// Bit 3 (CRC and sizes follow the data, in a data descriptor) and bit 11 (UTF-8 name).
    static let flags: UInt16 = 0x0808
    /// Version needed for stored entries; 4.5 where a ZIP64 record or field is used.
    static let plainVersion: UInt16 = 20
    static let zip64Version: UInt16 = 45
    /// "Made by" Unix, so the external attributes carry a file mode.
    static let madeByUnix: UInt16 = 3 << 8
    /// A regular file, rw-r--r--.
    static let fileAttributes: UInt32 = 0o100644 << 16

    /// The local file header: CRC and sizes are zero here and come in the data descriptor.
    static func localHeader(name: [UInt8], timestamp: ZIPTimestamp) -> [UInt8] {
        let extra = timestampExtra(timestamp)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(30 + name.count + extra.count)
        bytes.append(littleEndian: UInt32(0x0403_4B50))
        bytes.append(littleEndian: plainVersion)
        bytes.append(littleEndian: flags)
        bytes.append(littleEndian: UInt16(0))  // stored
        bytes.append(littleEndian: timestamp.dosTime)
        bytes.append(littleEndian: timestamp.dosDate)
        bytes.append(littleEndian: UInt32(0))  // CRC-32
        bytes.append(littleEndian: UInt32(0))  // compressed size
        bytes.append(littleEndian: UInt32(0))  // uncompressed size
        bytes.append(littleEndian: UInt16(name.count))
        bytes.append(littleEndian: UInt16(extra.count))
        bytes += name
        bytes += extra
        return bytes
    }

    /// The data descriptor after an entry's bytes, with 8-byte sizes when the entry is ZIP64
    /// (the local header cannot say so in advance; readers take the sizes from the central
    /// directory, as they must for stored entries with a descriptor).
    static func dataDescriptor(crc: UInt32, size: UInt64, threshold: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(littleEndian: UInt32(0x0807_4B50))
        bytes.append(littleEndian: crc)
        if size >= threshold {
            bytes.append(littleEndian: size)
            bytes.append(littleEndian: size)
        } else {
            bytes.append(littleEndian: UInt32(size))
            bytes.append(littleEndian: UInt32(size))
        }
        return bytes
    }

    /// The central directory header of one entry, with a ZIP64 extra field holding whichever
    /// of its sizes and offset do not fit.
    static func centralHeader(_ entry: ZIPCentralEntry, threshold: UInt64) -> [UInt8] {
        var zip64: [UInt8] = []
        let sizeIsLarge = entry.size >= threshold
        let offsetIsLarge = entry.offset >= threshold
        if sizeIsLarge {
            zip64.append(littleEndian: entry.size)  // uncompressed
            zip64.append(littleEndian: entry.size)  // compressed
        }
        if offsetIsLarge { zip64.append(littleEndian: entry.offset) }
        var extra: [UInt8] = []
        if !zip64.isEmpty {
            extra.append(littleEndian: UInt16(0x0001))
            extra.append(littleEndian: UInt16(zip64.count))
            extra += zip64
        }
        extra += timestampExtra(entry.timestamp)
        let version = zip64.isEmpty ? plainVersion : zip64Version
        var bytes: [UInt8] = []
        bytes.reserveCapacity(46 + entry.name.count + extra.count)
        bytes.append(littleEndian: UInt32(0x0201_4B50))
        bytes.append(littleEndian: madeByUnix | version)
        bytes.append(littleEndian: version)
        bytes.append(littleEndian: flags)
        bytes.append(littleEndian: UInt16(0))  // stored
        bytes.append(littleEndian: entry.timestamp.dosTime)
        bytes.append(littleEndian: entry.timestamp.dosDate)
        bytes.append(littleEndian: entry.crc)
        bytes.append(littleEndian: sizeIsLarge ? UInt32.max : UInt32(entry.size))
        bytes.append(littleEndian: sizeIsLarge ? UInt32.max : UInt32(entry.size))
        bytes.append(littleEndian: UInt16(entry.name.count))
        bytes.append(littleEndian: UInt16(extra.count))
        bytes.append(littleEndian: UInt16(0))  // comment length
        bytes.append(littleEndian: UInt16(0))  // disk number start
        bytes.append(littleEndian: UInt16(0))  // internal attributes
        bytes.append(littleEndian: fileAttributes)
        bytes.append(littleEndian: offsetIsLarge ? UInt32.max : UInt32(entry.offset))
        bytes += entry.name
        bytes += extra
        return bytes
    }

    /// The end records after a central directory of `count` entries, `size` bytes long,
    /// starting at `offset`: the ZIP64 end record and its locator first when any of the three
    /// does not fit, then the end of central directory record.
    static func end(count: UInt64, size: UInt64, offset: UInt64, threshold: UInt64) -> [UInt8] {
        let countIsLarge = count >= UInt64(UInt16.max)
        let sizeIsLarge = size >= threshold
        let offsetIsLarge = offset >= threshold
        var bytes: [UInt8] = []
        if countIsLarge || sizeIsLarge || offsetIsLarge {
            bytes.append(littleEndian: UInt32(0x0606_4B50))
            bytes.append(littleEndian: UInt64(44))  // size of the rest of this record
            bytes.append(littleEndian: madeByUnix | zip64Version)
            bytes.append(littleEndian: zip64Version)
            bytes.append(littleEndian: UInt32(0))  // this disk
            bytes.append(littleEndian: UInt32(0))  // disk where the central directory starts
            bytes.append(littleEndian: count)  // entries on this disk
            bytes.append(littleEndian: count)  // entries in all
            bytes.append(littleEndian: size)
            bytes.append(littleEndian: offset)
            bytes.append(littleEndian: UInt32(0x0706_4B50))
            bytes.append(littleEndian: UInt32(0))  // disk with the ZIP64 end record
            bytes.append(littleEndian: offset + size)  // where the ZIP64 end record starts
            bytes.append(littleEndian: UInt32(1))  // disks in all
        }
        let count16 = countIsLarge ? UInt16.max : UInt16(count)
        bytes.append(littleEndian: UInt32(0x0605_4B50))
        bytes.append(littleEndian: UInt16(0))  // this disk
        bytes.append(littleEndian: UInt16(0))  // disk where the central directory starts
        bytes.append(littleEndian: count16)
        bytes.append(littleEndian: count16)
        bytes.append(littleEndian: sizeIsLarge ? UInt32.max : UInt32(size))
        bytes.append(littleEndian: offsetIsLarge ? UInt32.max : UInt32(offset))
        bytes.append(littleEndian: UInt16(0))  // comment length
        return bytes
    }

    /// The extended-timestamp extra field (0x5455) with the modification time only, the same
    /// in the local and the central header; empty when the time does not fit.
    private static func timestampExtra(_ timestamp: ZIPTimestamp) -> [UInt8] {
        guard let seconds = timestamp.unixSeconds else { return [] }
        var bytes: [UInt8] = []
        bytes.append(littleEndian: UInt16(0x5455))
        bytes.append(littleEndian: UInt16(5))
        bytes.append(1)  // modification time present
        bytes.append(littleEndian: seconds)
        return bytes
    }
}

extension [UInt8] {
    fileprivate mutating func append<Value: FixedWidthInteger>(littleEndian value: Value) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
