import Foundation
import ScriptDeskCore
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import ServiceLifecycle
import Testing

@testable import ScriptDeskQueue

/// On PostgreSQL a job enqueued by another process wakes idle workers at once, through
/// LISTEN/NOTIFY, not at their next poll.
@Suite struct NotificationTests {
    @Test func aJobFromAnotherProcessWakesIdleWorkers() async throws {
        try await QueueHarness.with(.postgres) { harness in
            let queue = harness.queue
            let handler = RecordingHandler()
            let workers = JobWorkers(
                queue: queue,
                handlers: ["test": handler],
                // A poll far longer than the test: only a notification can wake the workers.
                configuration: .init(concurrency: 1, pollInterval: .seconds(600)),
                logger: QueueHarness.logger
            )
            // Another process: its own connection and queue, whose doorbell these workers never hear.
            let seen = try await harness.withAnotherProcess { other in
                try await workers.whileRunning {
                    var seen: [String] = []
                    for payload in ["first", "second"] {
                        // Give the workers time to go idle first.
                        try await Task.sleep(for: .milliseconds(300))
                        try await other.enqueue(NewJob(kind: "test", lane: .standard, payload: payload), at: WallClock.system.now)
                        seen += try await handler.collect(count: 1, within: .seconds(20))
                    }
                    return seen
                }
            }
            #expect(seen == ["ran first", "ran second"])
        }
    }
}
