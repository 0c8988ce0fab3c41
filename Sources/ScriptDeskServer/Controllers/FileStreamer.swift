import Hummingbird
import NIOCore
import NIOPosix
import _NIOFileSystem

/// Reads published files for responses, in chunks (never the whole file in memory), on a
/// thread pool of its own: on the shared pool, reads would queue behind the copies the
/// workers are building, and downloads would stall while the queue is busy.
struct FileStreamer: Sendable {
    private static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()
    private let fileSystem = FileSystem(threadPool: Self.threads)
    /// Large enough that a 5 MB copy is five writes, small enough to stay cheap per connection.
    private static let chunkLength: ByteCount = .mebibytes(1)

    /// Hands `range` of the file at `path` to `each`, chunk by chunk.
    func forEachChunk(of path: String, in range: Range<Int64>, _ each: (ByteBuffer) async throws -> Void) async throws {
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
}
