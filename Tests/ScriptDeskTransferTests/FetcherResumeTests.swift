import Foundation
import NIOCore
import Testing

@testable import ScriptDeskTransfer

/// Bodies cut short, stalled or mis-sized, and how a fetch resumes or gives up.
@Suite struct FetcherResumeTests {
    static let etag = "\"v1-page\""

    @Test func aCutBodyIsResumedWithARangeRequest() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(120_000)
        let route: @Sendable (RecordedRequest) -> Reply = { request in
            request.rangeStart == nil ? .cut(body, after: 50_000, etag: Self.etag) : .serving(body, to: request, etag: Self.etag)
        }
        try await ScriptedServer.with(.routing(route)) { server in
            let file = try await Fetcher(policy: Fixture.loopback()).fetch(
                server.url("/page"),
                to: "\(folder)/page",
                expecting: Fixture.expected(body)
            )
            #expect(file == Fixture.expectedFile(body))
            #expect(FileManager.default.contents(atPath: "\(folder)/page") == Data(body))
            let requests = server.recorded
            #expect(requests.count == 2)
            #expect(requests.last?.rangeStart == 50_000)
            #expect(requests.last?.headers["if-range"] == Self.etag)
        }
    }

    /// A server that answers the range request with the whole body again: the file and its
    /// hash start over.
    @Test func aServerIgnoringTheRangeStartsTheFileOver() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(80_000)
        let route: @Sendable (RecordedRequest) -> Reply = { request in
            request.rangeStart == nil ? .cut(body, after: 30_000) : .answer(200, body)
        }
        try await ScriptedServer.with(.routing(route)) { server in
            let file = try await Fetcher(policy: Fixture.loopback()).fetch(
                server.url("/page"),
                to: "\(folder)/page",
                expecting: Fixture.expected(body)
            )
            #expect(file == Fixture.expectedFile(body))
            #expect(server.recorded.map(\.rangeStart) == [nil, 30_000])
        }
    }

    /// A 206 for another range than the one asked for is never appended to the file.
    @Test func aPartialAnswerForTheWrongRangeIsRefused() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(60_000)
        let wrongRange = Reply.answer(206, body, headers: [("Content-Range", "bytes 0-59999/60000")])
        let route: @Sendable (RecordedRequest) -> Reply = { request in
            request.rangeStart == nil ? .cut(body, after: 30_000) : wrongRange
        }
        try await ScriptedServer.with(.routing(route)) { server in
            let error = await Fixture.failure {
                _ = try await Fetcher(policy: Fixture.loopback(resumeAttempts: 1)).fetch(
                    server.url("/page"),
                    to: "\(folder)/page",
                    expecting: Fixture.expected(body)
                )
            }
            #expect(error?.code == "transfer.short_body")
            #expect(error?.isTransient == true)
            #expect(server.recorded.map(\.rangeStart) == [nil, 30_000])
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    @Test func aBodyAlwaysCutIsATransientShortBody() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(60_000)
        try await ScriptedServer.with(.always(.cut(body, after: 20_000))) { server in
            let error = await Fixture.failure {
                _ = try await Fetcher(policy: Fixture.loopback(resumeAttempts: 2)).fetch(
                    server.url("/page"),
                    to: "\(folder)/page",
                    expecting: Fixture.expected(body)
                )
            }
            #expect(error?.code == "transfer.short_body")
            #expect(error?.isTransient == true)
            #expect(server.recorded.count == 3)
            #expect(server.recorded.dropFirst().allSatisfy { $0.rangeStart == 20_000 })
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    /// No manifest size to go by: the declared length is all there is, and the body falls short of it.
    @Test func aContentLengthLargerThanTheBodyIsTransient() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(40_000)
        let reply = Reply.raw(head: Reply.head(200, [("Content-Length", "\(body.count + 500)")]), body: body)
        try await ScriptedServer.with(.always(reply)) { server in
            let error = await Fixture.failure {
                try await Fetcher(policy: Fixture.loopback(resumeAttempts: 1)).fetch(server.url("/page"), to: "\(folder)/page")
            }
            #expect(error?.code == "transfer.short_body")
            #expect(error?.isTransient == true)
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    /// The server's whole body (true to its Content-Length) is shorter than the manifest
    /// says: the resume asks past its end, gets 416, and the fetch gives up for now.
    @Test func aBodyShorterThanTheManifestSaysIsTransient() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let body = Fixture.body(30_000)
        let served = Array(body.prefix(29_000))
        try await ScriptedServer.with(.serving(served)) { server in
            let error = await Fixture.failure {
                _ = try await Fetcher(policy: Fixture.loopback()).fetch(server.url("/page"), to: "\(folder)/page", expecting: Fixture.expected(body))
            }
            #expect(error?.code == "transfer.short_body")
            #expect(error?.isTransient == true)
            #expect(server.recorded.map(\.rangeStart) == [nil, 29_000])
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }

    /// A few bytes a second, under the policy's 1000 bytes/s for its 1 second: aborted.
    @Test func aStalledTransferIsATransientTimeout() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reply = Reply.trickle(head: Reply.head(200, [("Content-Length", "100000")]), chunk: Array("slow".utf8), interval: .milliseconds(200))
        try await ScriptedServer.with(.always(reply)) { server in
            let error = await Fixture.failure {
                try await Fetcher(policy: Fixture.loopback(resumeAttempts: 0)).fetch(server.url("/page"), to: "\(folder)/page")
            }
            #expect(error?.code == "transfer.timeout")
            #expect(error?.isTransient == true)
            #expect(!Fixture.exists("\(folder)/page"))
        }
    }
}
