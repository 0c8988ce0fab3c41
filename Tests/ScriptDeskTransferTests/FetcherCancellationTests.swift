import Foundation
import NIOCore
import Testing

@testable import ScriptDeskTransfer

/// A fetch whose task is cancelled stops at once, throws `CancellationError` (not a
/// `TransferError`, which the queue would count as a failure) and leaves no file.
@Suite struct FetcherCancellationTests {
    /// A slow body: 128 MiB, 64 KiB every 20 ms, so about forty seconds in all: far longer
    /// than a cancellation takes to reach the transfer even on a machine busy with the rest
    /// of the suite. Were cancellation to do nothing, the fetch would finish it and succeed,
    /// and the server would have sent it whole: both are what the test looks for.
    static let bodyBytes = 128 << 20

    /// Loopback, with time limits far beyond the slow body's, so that only cancellation (or
    /// its absence, the whole body) ends a fetch of it, even on a busy machine.
    static func patientPolicy() -> FetchPolicy {
        var policy = Fixture.loopback(maxBytes: Int64(bodyBytes))
        policy.lowSpeedSeconds = 300
        policy.totalTimeout = 300
        return policy
    }

    @Test func cancellingTheTaskStopsATransferUnderWayAndLeavesNoFile() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/page"
        let head = Reply.head(200, [("Content-Length", "\(Self.bodyBytes)")])
        let slow = Reply.trickle(head: head, chunk: Fixture.body(64 << 10), interval: .milliseconds(20), limit: Self.bodyBytes)
        try await ScriptedServer.with(.always(slow)) { server in
            let url = server.url("/page")
            let fetch = Task { try await Fetcher(policy: Self.patientPolicy()).fetch(url, to: path) }
            // The server has begun sending the body: the transfer is under way on its thread.
            let begun = try await server.next(within: .seconds(60)) { $0.isSent }
            try #require(begun != nil, "the server never began sending the body")
            fetch.cancel()

            await #expect(throws: CancellationError.self) { try await fetch.value }
            #expect(!Fixture.exists(path))
            let closed = try await server.next(within: .seconds(60)) { $0.closedAfter != nil }
            let sent = try #require(closed?.closedAfter, "the server never saw the connection close")
            #expect(sent < Self.bodyBytes)
            #expect(server.recorded.count == 1, "a cancelled fetch is not resumed")
        }
    }

    @Test func aTaskCancelledBeforeTheFetchStartsThrowsWithoutConnecting() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/page"
        try await ScriptedServer.with(.serving(Fixture.body(10_000))) { server in
            let url = server.url("/page")
            let fetch = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await Fetcher(policy: Fixture.loopback()).fetch(url, to: path)
            }

            await #expect(throws: CancellationError.self) { try await fetch.value }
            #expect(!Fixture.exists(path))
            #expect(server.connections == 0)
            #expect(server.recorded.isEmpty)
        }
    }
}
