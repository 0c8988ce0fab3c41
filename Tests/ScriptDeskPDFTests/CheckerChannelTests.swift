import Foundation
import Testing

@testable import ScriptDeskPDF

#if canImport(Glibc)
import Glibc
#endif

/// The channel between a checker child and its parent carries a line's descriptors in
/// several messages when one cannot hold them all.
@Suite struct CheckerChannelTests {
    @Test func aLineCarriesMoreDescriptorsThanOneMessageCanInTheirOrder() throws {
        var ends: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
        defer { for end in ends { close(end) } }
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = "\(folder)/offsets"
        #expect(FileManager.default.createFile(atPath: file, contents: Data(count: 1_000)))
        // One file opened again and again, each at its own offset: a descriptor that arrives
        // shares its original's offset, so the offsets tell which is which.
        let count = 2 * CheckerChannel.descriptorsPerMessage + 94
        let sent = (0..<count).map { index in
            let descriptor = open(file, O_RDONLY | O_CLOEXEC)
            lseek(descriptor, off_t(index), SEEK_SET)
            return descriptor
        }
        defer { for descriptor in sent { close(descriptor) } }
        #expect(sent.allSatisfy { $0 >= 0 })
        let sender = CheckerChannel(socket: ends[0])
        var receiver = CheckerChannel(socket: ends[1])
        try sender.send(Array(#"{"build":{}}"#.utf8), descriptors: sent)
        try sender.send(Array("next".utf8))
        let (line, received) = try #require(try receiver.receive(until: .now + .seconds(10)))
        defer { for descriptor in received { close(descriptor) } }
        #expect(String(decoding: line, as: UTF8.self) == #"{"build":{}}"#)
        #expect(received.count == count)
        #expect(received.map { Int(lseek($0, 0, SEEK_CUR)) } == Array(0..<count))
        let (next, none) = try #require(try receiver.receive(until: .now + .seconds(10)))
        #expect(String(decoding: next, as: UTF8.self) == "next" && none.isEmpty)
        // A line needs a byte for each message of descriptors.
        #expect(throws: CheckerFailure.self) { try sender.send([], descriptors: sent) }
    }
}
