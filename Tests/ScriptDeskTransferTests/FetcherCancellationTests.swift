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

    /// A transfer's socket is close-on-exec: a child process started while it runs (a checker,
    /// a command) gets no copy of it, which would keep the connection open after the fetch
    /// ends and its peer waiting for it to close.
    @Test func aTransfersSocketIsNotInheritedByChildProcesses() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let head = Reply.head(200, [("Content-Length", "\(Self.bodyBytes)")])
        let slow = Reply.trickle(head: head, chunk: Fixture.body(64 << 10), interval: .milliseconds(20), limit: Self.bodyBytes)
        try await ScriptedServer.with(.always(slow)) { server in
            let fetch = Task { try await Fetcher(policy: Self.patientPolicy()).fetch(server.url("/page"), to: "\(folder)/page") }
            let begun = try await server.next(within: .seconds(60)) { $0.isSent }
            let descriptor = begun == nil ? nil : Self.descriptor(connectedToPort: server.port)
            let closesOnExec = descriptor.map { fcntl($0, F_GETFD) & FD_CLOEXEC != 0 }
            fetch.cancel()
            _ = await fetch.result
            try #require(begun != nil, "the server never began sending the body")
            try #require(descriptor != nil, "no socket of this process is connected to the server")
            #expect(closesOnExec == true)
        }
    }

    /// This process's descriptor for its TCP connection to `port` on loopback, from the
    /// kernel's socket table (`/proc/net/tcp`) and its descriptors (`/proc/self/fd`).
    private static func descriptor(connectedToPort port: Int) -> Int32? {
        // Read to its end: the kernel reports the file as empty, so a read sized by it stops short.
        let table = String(decoding: (try? FileHandle(forReadingAtPath: "/proc/net/tcp")?.readToEnd()) ?? Data(), as: UTF8.self)
        let remote = String(format: ":%04X", port)
        let inodes = Set(
            table.split(separator: "\n").dropFirst().compactMap { line -> String? in
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 9, fields[2].hasSuffix(remote) else { return nil }
                return String(fields[9])
            }
        )
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for name in descriptors {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)"),
                target.hasPrefix("socket:["), inodes.contains(String(target.dropFirst(8).dropLast()))
            else { continue }
            return Int32(name)
        }
        return nil
    }
}
