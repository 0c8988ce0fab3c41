import CZlib

/// Inflates a Flate (zlib) stream into at most `limit` bytes, so a few kilobytes that claim
/// to expand into gigabytes (a Flate bomb) cost no more than the limit.
enum Inflater {
    /// Why a stream did not inflate.
    enum Failure: Error, Sendable, Hashable {
        /// zlib found the data damaged, or it ended before the stream did.
        case damaged(String)
        /// The stream expands past the limit.
        case tooLarge(limit: Int)
    }

    /// The inflated bytes of `input`.
    static func inflate(_ input: UnsafeRawBufferPointer, limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .damaged("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        guard let base = input.baseAddress, !input.isEmpty else { throw .damaged("the stream is empty") }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { buffer in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (status, buffer.count - Int(stream.avail_out))
            }
            guard output.count + produced <= limit else { throw .tooLarge(limit: limit) }
            output.append(contentsOf: chunk[0..<produced])
            switch status {
            case Z_STREAM_END:
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0:
                throw .damaged("the data ends before the compressed stream does")
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw .damaged(detail)
            }
        }
    }
}
