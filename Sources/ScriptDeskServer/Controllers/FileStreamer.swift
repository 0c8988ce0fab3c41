import Hummingbird
import NIOCore
import NIOPosix
import _NIOFileSystem

/// Streams part of a file as a response body, in chunks read on the thread pool (never the
/// whole file in memory), and reports how many bytes were written before it ended.
struct FileStreamer: Sendable {
    private let fileSystem = FileSystem(threadPool: .singleton)
    /// Large enough that a 5 MB copy is five writes, small enough to stay cheap per connection.
    private static let chunkLength: ByteCount = .mebibytes(1)

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
                try await fileSystem.withFileHandle(forReadingAt: FilePath(path)) { handle in
                    for try await chunk in handle.readChunks(in: range, chunkLength: Self.chunkLength) {
                        let count = chunk.readableBytes
                        try await writer.write(chunk)
                        sent += Int64(count)
                    }
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
