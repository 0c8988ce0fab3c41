import Foundation
import Testing

@testable import ScriptDeskDelivery

@Suite struct ZIPStreamWriterStreamingTests {
    static let modified = Date(timeIntervalSince1970: 1_709_214_331)

    struct Refusal: Error, Equatable {}

    @Test func bytesGoOutAsTheyArriveNotAtTheEnd() async throws {
        let archive = CollectedArchive()
        var writer = ZIPStreamWriter { await archive.append($0) }
        var names = ZIPEntryNames()
        try await writer.addEntry(name: names.name(for: "first.pdf"), modified: Self.modified) { write in
            try await write(Array("first".utf8))
        }
        try await writer.addEntry(name: names.name(for: "last.pdf"), modified: Self.modified) { write in
            // Before the last entry's content exists, the first entry is out in full and the
            // last entry's local header has followed it.
            let before = await archive.bytes
            #expect(before.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            // Local header (30 + name + 9 timestamp), content, descriptor (16), next local header.
            let firstEntry: Int = 30 + 9 + 9 + 5 + 16
            let lastHeader: Int = 30 + 8 + 9
            #expect(before.count == firstEntry + lastHeader)
            for piece in 0..<5 {
                let chunk = [UInt8](repeating: UInt8(piece), count: 1000 + piece)
                let count = await archive.bytes.count
                try await write(chunk)
                // Each chunk is passed on, whole and unbuffered, before `write` returns.
                let after = await archive.bytes
                #expect(after.count == count + chunk.count)
                #expect(Array(after.suffix(chunk.count)) == chunk)
            }
        }
        let chunksBeforeFinish = await archive.chunkCount
        try await writer.finish()
        #expect(await archive.chunkCount == chunksBeforeFinish + 1)
    }

    @Test func nothingCanBeAddedOrFinishedAfterFinish() async throws {
        var writer = ZIPStreamWriter { _ in }
        var names = ZIPEntryNames()
        try await writer.finish()
        await #expect(throws: ZIPStreamError.finished) {
            try await writer.addEntry(name: names.name(for: "late.pdf"), modified: Self.modified) { _ in }
        }
        await #expect(throws: ZIPStreamError.finished) { try await writer.finish() }
        #expect(ZIPStreamError.finished.code == "bundle.finished")
    }

    @Test func aNameThatDiffersOnlyInCaseIsRefused() async throws {
        var writer = ZIPStreamWriter { _ in }
        var first = ZIPEntryNames()
        var second = ZIPEntryNames()
        try await writer.addEntry(name: first.name(for: "Script.pdf"), modified: Self.modified) { _ in }
        let clash = second.name(for: "SCRIPT.PDF")
        await #expect(throws: ZIPStreamError.duplicateName(clash)) {
            try await writer.addEntry(name: clash, modified: Self.modified) { _ in }
        }
        // A refused name does not stop the archive.
        try await writer.addEntry(name: first.name(for: "other.pdf"), modified: Self.modified) { _ in }
        try await writer.finish()
        #expect(ZIPStreamError.duplicateName(clash).code == "bundle.duplicate_name")
    }

    @Test func contentsThatFailPartWayStopTheArchive() async throws {
        var writer = ZIPStreamWriter { _ in }
        var names = ZIPEntryNames()
        await #expect(throws: Refusal()) {
            try await writer.addEntry(name: names.name(for: "broken.pdf"), modified: Self.modified) { write in
                try await write([1, 2, 3])
                throw Refusal()
            }
        }
        await #expect(throws: ZIPStreamError.interrupted) {
            try await writer.addEntry(name: names.name(for: "next.pdf"), modified: Self.modified) { _ in }
        }
        await #expect(throws: ZIPStreamError.interrupted) { try await writer.finish() }
        #expect(ZIPStreamError.interrupted.code == "bundle.interrupted")
    }

    @Test func anOutputFailureCannotBeSwallowedByTheContents() async throws {
        let archive = CollectedArchive()
        var writer = ZIPStreamWriter { chunk in
            guard chunk != [9] else { throw Refusal() }
            await archive.append(chunk)
        }
        var names = ZIPEntryNames()
        await #expect(throws: ZIPStreamError.interrupted) {
            try await writer.addEntry(name: names.name(for: "a.pdf"), modified: Self.modified) { write in
                try? await write([9])
            }
        }
        await #expect(throws: ZIPStreamError.interrupted) { try await writer.finish() }
        #expect(await archive.chunkCount == 1)
    }

    /// A moment and the DOS fields and Unix seconds it should give.
    struct Moment: Sendable, CustomTestStringConvertible {
        var seconds: Double
        var date: (year: Int, month: Int, day: Int)
        var time: (hour: Int, minute: Int, second: Int)
        var unix: Int32?

        var testDescription: String { "\(seconds)" }
    }

    static let moments = [
        Moment(seconds: 1_709_214_331, date: (2024, 2, 29), time: (13, 45, 31), unix: 1_709_214_331),
        Moment(seconds: 951_782_399, date: (2000, 2, 28), time: (23, 59, 59), unix: 951_782_399),
        Moment(seconds: 0, date: (1980, 1, 1), time: (0, 0, 0), unix: 0),
        Moment(seconds: -1e300, date: (1980, 1, 1), time: (0, 0, 0), unix: nil),
        Moment(seconds: 4_102_444_800, date: (2100, 1, 1), time: (0, 0, 0), unix: nil),
        Moment(seconds: 9_999_999_999, date: (2107, 12, 31), time: (23, 59, 59), unix: nil),
    ]

    @Test(arguments: moments)
    func timesAreDOSFieldsInUTCClampedToTheirRange(moment: Moment) {
        let stamp = ZIPTimestamp(Date(timeIntervalSince1970: moment.seconds))
        let date = (moment.date.year - 1980) << 9 | moment.date.month << 5 | moment.date.day
        let time = moment.time.hour << 11 | moment.time.minute << 5 | moment.time.second / 2
        #expect(Int(stamp.dosDate) == date)
        #expect(Int(stamp.dosTime) == time)
        #expect(stamp.unixSeconds == moment.unix)
    }
}
