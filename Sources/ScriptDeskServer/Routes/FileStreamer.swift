import Hummingbird
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1
import NIOPosix
import _NIOFileSystem

/// Sends published files as response bodies: by the kernel (`sendfile`), or read in chunks
/// (never the whole file in memory) on a thread pool of its own when every byte must be
/// counted; on the shared pool, reads would queue behind the copies the workers are
/// building, and downloads would stall while the queue is busy.
struct FileStreamer: Sendable {
    private static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()
    private let fileSystem = FileSystem(threadPool: Self.threads)
    /// Large enough that a 5 MB copy is five writes, small enough to stay cheap per connection.
    private static let chunkLength: ByteCount = .mebibytes(1)

    /// Hands `range` of the file at `path` to `each`, chunk by chunk. A range of one chunk
    /// or less is read in one trip to the pool (open, read, close) rather than three.
    func forEachChunk(of path: String, in range: Range<Int64>, _ each: (ByteBuffer) async throws -> Void) async throws {
        if range.count <= Self.chunkLength.bytes {
            try await each(try await Self.threads.runIfActive { try Self.read(range, of: path) })
            return
        }
        try await fileSystem.withFileHandle(forReadingAt: FilePath(path)) { handle in
            for try await chunk in handle.readChunks(in: range, chunkLength: Self.chunkLength) {
                try await each(chunk)
            }
        }
    }

    /// A body of `range` of the file at `path`. `finished` runs once the body ends, with the
    /// bytes written and the error that cut it short, if any; that error is then rethrown.
    func body(
        of path: String,
        range: ClosedRange<Int64>,
        finished: @escaping @Sendable (_ sent: Int64, _ failure: (any Error)?) async throws -> Void
    ) -> ResponseBody {
        ResponseBody(contentLength: Int(range.count)) { writer in
            var sent: Int64 = 0
            do {
                try await forEachChunk(of: path, in: range.lowerBound..<(range.upperBound + 1)) { chunk in
                    let count = chunk.readableBytes
                    try await writer.write(chunk)
                    sent += Int64(count)
                }
                try await writer.finish(nil)
            } catch {
                try? await finished(sent, error)
                throw error
            }
            try await finished(sent, nil)
        }
    }

    /// A body of `range` of the file at `path` that the kernel sends from the file to the
    /// client's socket (`sendfile`): the bytes never enter this process, so they are neither
    /// read into memory nor copied out again, and no thread pool is involved. The region is
    /// written on `channel` just below Hummingbird's HTTP codec, after the response head
    /// (which was written before the body began) and before the end of the response.
    /// Opening the file is the one blocking call, microseconds for a local file. `finished`
    /// runs once the body ends: with the whole range when the kernel sent it, or with 0 and
    /// the error (what a failed `sendfile` delivered is not known), which is then rethrown.
    func sentByKernel(
        of path: String,
        range: ClosedRange<Int64>,
        on channel: any Channel,
        finished: @escaping @Sendable (_ sent: Int64, _ failure: (any Error)?) async throws -> Void
    ) -> ResponseBody {
        ResponseBody(contentLength: Int(range.count)) { writer in
            do {
                let region = try Self.region(range, of: path)
                do {
                    try await channel.eventLoop.flatSubmit {
                        do {
                            let codec = try channel.pipeline.syncOperations.context(handlerType: HTTP1ToHTTPServerCodec.self)
                            return codec.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.fileRegion(region))))
                        } catch {
                            return channel.eventLoop.makeFailedFuture(error)
                        }
                    }.get()
                } catch {
                    try? region.fileHandle.close()
                    throw error
                }
                try region.fileHandle.close()
                try await writer.finish(nil)
            } catch {
                try? await finished(0, error)
                throw error
            }
            try await finished(Int64(range.count), nil)
        }
    }

    /// The file at `path` opened, as the region `range`; throws when the file is missing or
    /// shorter than the range (`sendfile` would otherwise send less than the response's length).
    private static func region(_ range: ClosedRange<Int64>, of path: String) throws -> FileRegion {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileReadError(path: path, code: errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw FileReadError(path: path, code: code)
        }
        guard Int64(status.st_size) > range.upperBound else {
            close(descriptor)
            throw FileReadError(path: path, code: 0)
        }
        let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
        return FileRegion(fileHandle: handle, readerIndex: Int(range.lowerBound), endIndex: Int(range.upperBound) + 1)
    }

    /// Reads `range` of the file at `path` on the calling thread.
    private static func read(_ range: Range<Int64>, of path: String) throws -> ByteBuffer {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileReadError(path: path, code: errno) }
        defer { close(descriptor) }
        var buffer = ByteBufferAllocator().buffer(capacity: Int(range.count))
        var offset = range.lowerBound
        while offset < range.upperBound {
            var result = 0
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 0) { bytes in
                result = pread(descriptor, bytes.baseAddress, min(bytes.count, Int(range.upperBound - offset)), off_t(offset))
                return max(result, 0)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw FileReadError(path: path, code: result < 0 ? errno : 0) }
            offset += Int64(result)
        }
        return buffer
    }
}

/// A published file that could not be read: missing, unreadable, or shorter than its record.
struct FileReadError: Error, CustomStringConvertible {
    var path: String
    /// The `errno` of the failed call; 0 when the file was shorter than the range.
    var code: Int32

    var description: String {
        code == 0 ? "\(path) ended before the range asked for" : "\(path) could not be read: \(String(cString: strerror(code)))"
    }
}
