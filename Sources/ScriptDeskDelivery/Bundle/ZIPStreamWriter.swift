public import Foundation

/// Writes a ZIP archive as a stream of chunks: entries are STORED (PDFs are compressed
/// already), each with a data descriptor (general-purpose bit 3) so nothing needs to be known
/// before its bytes pass; CRC-32 computed as the bytes go by; ZIP64 records whenever a size or
/// offset reaches 0xFFFFFFFF or entries exceed 65,535.
///
/// Every chunk of an entry goes to `emit` as it arrives, so the writer holds no more than the
/// central directory's few dozen bytes per entry. Names are UTF-8 (bit 11); times are DOS
/// date and time in UTC plus an extended timestamp.
///
/// It is `~Copyable` rather than a class because it is the one owner of the archive's
/// position: a copy would carry its own offset and entry list on from the same point, and two
/// copies would emit overlapping, inconsistent archives. Ownership rules that out at compile
/// time, and `mutating` gives each call exclusive access without a lock or an actor.
public struct ZIPStreamWriter: ~Copyable, Sendable {
    private let emit: @Sendable ([UInt8]) async throws -> Void
    private let zip64Threshold: UInt64
    private var entries: [ZIPCentralEntry] = []
    private var lowercasedNames: Set<String> = []
    private var state = State.open

    /// How many bytes of the archive have gone to `emit`.
    public private(set) var bytesWritten: UInt64 = 0

    private enum State: Sendable {
        case open
        case interrupted
        case finished
    }

    /// A writer that hands each chunk of the archive to `emit`, in order, as it is made.
    public init(emit: @escaping @Sendable ([UInt8]) async throws -> Void) {
        self.init(emit: emit, zip64Threshold: UInt64(UInt32.max))
    }

    /// `zip64Threshold` below 0xFFFFFFFF makes small archives use ZIP64 records, for tests.
    init(emit: @escaping @Sendable ([UInt8]) async throws -> Void, zip64Threshold: UInt64) {
        precondition(zip64Threshold <= UInt64(UInt32.max), "ZIP64 is needed at 0xFFFFFFFF at the latest")
        self.emit = emit
        self.zip64Threshold = zip64Threshold
    }

    /// Starts an entry, passes every chunk of `contents` through, then writes its data descriptor.
    public mutating func addEntry(name: ZIPEntryName, modified: Date, contents: some AsyncSequence<[UInt8], any Error>) async throws {
        try await addEntry(name: name, modified: modified) { write in
            for try await chunk in contents { try await write(chunk) }
        }
    }

    /// Starts an entry, lets `contents` push its bytes through `write` chunk by chunk, then
    /// writes its data descriptor.
    ///
    /// If `contents` or `emit` fails part-way, the error is rethrown and the archive is
    /// interrupted: later calls throw ``ZIPStreamError/interrupted``.
    public mutating func addEntry(
        name: ZIPEntryName,
        modified: Date,
        writing contents: (_ write: ([UInt8]) async throws -> Void) async throws -> Void
    ) async throws {
        try checkOpen()
        let key = name.value.lowercased()
        guard !lowercasedNames.contains(key) else { throw ZIPStreamError.duplicateName(name) }
        state = .interrupted
        let start = bytesWritten
        let nameBytes = Array(name.value.utf8)
        let timestamp = ZIPTimestamp(modified)
        try await send(ZIPLayout.localHeader(name: nameBytes, timestamp: timestamp))
        let emit = self.emit
        var crc = CRC32()
        var size: UInt64 = 0
        var emitFailed = false
        try await contents { chunk in
            guard !chunk.isEmpty else { return }
            crc.update(with: chunk)
            size += UInt64(chunk.count)
            do {
                try await emit(chunk)
            } catch {
                emitFailed = true
                throw error
            }
        }
        guard !emitFailed else { throw ZIPStreamError.interrupted }
        bytesWritten += size
        try await send(ZIPLayout.dataDescriptor(crc: crc.value, size: size, threshold: zip64Threshold))
        entries.append(ZIPCentralEntry(name: nameBytes, timestamp: timestamp, crc: crc.value, size: size, offset: start))
        lowercasedNames.insert(key)
        state = .open
    }

    /// Writes the central directory and end records. No entry may be added afterwards.
    public mutating func finish() async throws {
        try checkOpen()
        state = .interrupted
        let directoryOffset = bytesWritten
        var pending: [UInt8] = []
        for entry in entries {
            pending += ZIPLayout.centralHeader(entry, threshold: zip64Threshold)
            if pending.count >= 1 << 16 {
                try await send(pending)
                pending = []
            }
        }
        let directorySize = bytesWritten - directoryOffset + UInt64(pending.count)
        pending += ZIPLayout.end(count: UInt64(entries.count), size: directorySize, offset: directoryOffset, threshold: zip64Threshold)
        try await send(pending)
        entries = []
        state = .finished
    }

    private func checkOpen() throws(ZIPStreamError) {
        switch state {
        case .open: return
        case .interrupted: throw .interrupted
        case .finished: throw .finished
        }
    }

    private mutating func send(_ bytes: [UInt8]) async throws {
        try await emit(bytes)
        bytesWritten += UInt64(bytes.count)
    }
}
