import Foundation
import Testing

@testable import ScriptDeskDelivery

@Suite struct ZIPStreamWriterTests {
    /// 2024-02-29T13:45:31Z.
    static let modified = Date(timeIntervalSince1970: 1_709_214_331)

    /// One entry going in: its wanted name, its bytes and the chunk sizes it arrives in.
    struct Input {
        var wanted: String
        var bytes: [UInt8]
        var chunkSizes = [4096]
    }

    static let inputs = [
        Input(wanted: "Candidate 0001 – Paper 1.pdf", bytes: Array("%PDF-1.7\n%fake script\n%%EOF\n".utf8)),
        Input(wanted: "empty.pdf", bytes: []),
        Input(wanted: "random.pdf", bytes: seededBytes(count: 3 << 20 | 17, seed: 7), chunkSizes: [65_536, 1, 0, 12_345]),
        Input(wanted: "Élève 日本.pdf", bytes: seededBytes(count: 70_001, seed: 8), chunkSizes: [7]),
        Input(wanted: "random.PDF", bytes: seededBytes(count: 100, seed: 9)),
    ]

    /// Writes `inputs` through a writer and returns the names given and the collected archive.
    static func write(_ inputs: [Input], zip64Threshold: UInt64 = UInt64(UInt32.max)) async throws -> ([ZIPEntryName], CollectedArchive) {
        let archive = CollectedArchive()
        var writer = ZIPStreamWriter(emit: { await archive.append($0) }, zip64Threshold: zip64Threshold)
        var names = ZIPEntryNames()
        var given: [ZIPEntryName] = []
        for input in inputs {
            let name = names.name(for: input.wanted)
            given.append(name)
            try await writer.addEntry(name: name, modified: modified, contents: ChunkedBytes(bytes: input.bytes, chunkSizes: input.chunkSizes))
        }
        try await writer.finish()
        #expect(writer.bytesWritten == UInt64(await archive.bytes.count))
        return (given, archive)
    }

    /// Checks the archive with Python's zipfile and with unzip, and compares every entry's
    /// bytes, as each of them unpacks it, with what went in.
    static func expectReadable(_ archive: CollectedArchive, names: [ZIPEntryName], inputs: [Input], versions: [Int]) async throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try await archive.save(in: folder)
        try FileManager.default.createDirectory(atPath: "\(folder)/python", withIntermediateDirectories: false)
        let report = try await ZIPArchiveReaders.python(path, extractTo: "\(folder)/python")
        #expect(report.bad == nil)
        #expect(report.entries.map(\.name) == names.map(\.value))
        #expect(report.entries.map(\.size) == inputs.map(\.bytes.count))
        #expect(report.entries.map(\.version) == versions)
        for (index, entry) in report.entries.enumerated() {
            #expect(entry.flags == 0x0808)
            #expect(entry.method == 0)
            #expect(entry.dateTime == [2024, 2, 29, 13, 45, 30])
            #expect(FileManager.default.contents(atPath: "\(folder)/python/\(index)") == Data(inputs[index].bytes))
        }
        try await ZIPArchiveReaders.unzipTest(path)
        try await ZIPArchiveReaders.unzipExtract(path, into: "\(folder)/unzip")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(folder)/unzip").count == inputs.count)
        for (name, input) in zip(names, inputs) {
            #expect(FileManager.default.contents(atPath: "\(folder)/unzip/\(name.value)") == Data(input.bytes), "\(name.value)")
        }
    }

    @Test func pythonAndUnzipReadEveryEntryByteForByte() async throws {
        let (names, archive) = try await Self.write(Self.inputs)
        #expect(names.map(\.value) == ["Candidate 0001 – Paper 1.pdf", "empty.pdf", "random.pdf", "Élève 日本.pdf", "random (2).PDF"])
        #expect(!endsWithZIP64Records(await archive.bytes))
        try await Self.expectReadable(archive, names: names, inputs: Self.inputs, versions: [20, 20, 20, 20, 20])
    }

    @Test func zip64RecordsPastTheThresholdAreReadByPythonAndUnzip() async throws {
        let inputs = [
            Input(wanted: "small.pdf", bytes: seededBytes(count: 600, seed: 1)),
            Input(wanted: "large.pdf", bytes: seededBytes(count: 5000, seed: 2), chunkSizes: [999]),
            Input(wanted: "late.pdf", bytes: seededBytes(count: 10, seed: 3)),
            Input(wanted: "late-empty.pdf", bytes: []),
        ]
        // Below 1000: the first entry needs no ZIP64; the second's size, the later offsets and
        // the central directory's offset do.
        let (names, archive) = try await Self.write(inputs, zip64Threshold: 1000)
        #expect(endsWithZIP64Records(await archive.bytes))
        try await Self.expectReadable(archive, names: names, inputs: inputs, versions: [20, 45, 45, 45])
    }

    @Test func zip64RecordsForEveryFieldAtThresholdZero() async throws {
        let inputs = [Input(wanted: "a.pdf", bytes: []), Input(wanted: "b.pdf", bytes: seededBytes(count: 3, seed: 4))]
        let (names, archive) = try await Self.write(inputs, zip64Threshold: 0)
        #expect(endsWithZIP64Records(await archive.bytes))
        try await Self.expectReadable(archive, names: names, inputs: inputs, versions: [45, 45])
    }

    @Test func sixtyFiveThousandFiveHundredThirtyFiveEntriesNeedZIP64EndRecords() async throws {
        let archive = CollectedArchive()
        var writer = ZIPStreamWriter { await archive.append($0) }
        var names = ZIPEntryNames()
        for _ in 0..<65_535 {
            try await writer.addEntry(name: names.name(for: "s.pdf"), modified: Self.modified) { _ in }
        }
        try await writer.finish()
        #expect(endsWithZIP64Records(await archive.bytes))
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try await archive.save(in: folder)
        // unzip reads every entry; Python only lists them, which is what the end records decide.
        let report = try await ZIPArchiveReaders.python(path, testingEntries: false)
        #expect(report.entries.count == 65_535)
        #expect(report.entries.last?.name == "s (65535).pdf")
        try await ZIPArchiveReaders.unzipTest(path)
    }

    @Test func anArchiveWithNoEntriesIsStillAnArchive() async throws {
        let archive = CollectedArchive()
        var writer = ZIPStreamWriter { await archive.append($0) }
        try await writer.finish()
        #expect(await archive.bytes == [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try await ZIPArchiveReaders.python(try await archive.save(in: folder)).entries.isEmpty)
    }

    @Test func theSameEntriesGiveTheSameBytes() async throws {
        let first = try await Self.write(Self.inputs).1.bytes
        let second = try await Self.write(Self.inputs).1.bytes
        #expect(first == second)
    }
}
