import Foundation
import ScriptDeskTestSupport

@testable import ScriptDeskDelivery

/// An archive written in a test: every emitted chunk is kept, in order, so a test can look at
/// what had gone out at any moment and then write the whole to a file for outside readers.
actor CollectedArchive {
    private(set) var bytes: [UInt8] = []
    private(set) var chunkCount = 0

    func append(_ chunk: [UInt8]) {
        bytes += chunk
        chunkCount += 1
    }

    /// Writes the archive to `archive.zip` in `folder` and returns its path.
    func save(in folder: String) throws -> String {
        let path = "\(folder)/archive.zip"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Bytes handed out as an async sequence in chunks of the given sizes, cycling through them.
struct ChunkedBytes: AsyncSequence, Sendable {
    let bytes: [UInt8]
    let chunkSizes: [Int]

    struct AsyncIterator: AsyncIteratorProtocol {
        let bytes: [UInt8]
        let chunkSizes: [Int]
        var position = 0
        var turn = 0

        mutating func next() async throws -> [UInt8]? {
            guard position < bytes.count else { return nil }
            let end = Swift.min(bytes.count, position + chunkSizes[turn % chunkSizes.count])
            defer { (position, turn) = (end, turn + 1) }
            return Array(bytes[position..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes, chunkSizes: chunkSizes) }
}

/// Repeatable pseudo-random bytes (SplitMix64), so a failing test fails the same way again.
func seededBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count + 8)
    while bytes.count < count {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        withUnsafeBytes(of: mixed.littleEndian) { bytes += $0 }
    }
    return Array(bytes.prefix(count))
}

/// A fresh temporary directory for one test.
func scratchFolder() throws -> String {
    try ScratchFolder.make("zip")
}

/// Whether the archive's last records are a ZIP64 end record, its locator and the end record.
func endsWithZIP64Records(_ archive: [UInt8]) -> Bool {
    func signature(at offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= archive.count else { return nil }
        return archive[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
    let end = archive.count - 22
    return signature(at: end) == 0x0605_4B50 && signature(at: end - 20) == 0x0706_4B50 && signature(at: end - 20 - 56) == 0x0606_4B50
}
