import Foundation
import ScriptDeskStore
import ScriptDeskTestSupport
import ServiceLifecycle
import Testing

@testable import ScriptDeskQueue

/// On PostgreSQL a job enqueued by another process wakes idle workers at once, through
/// LISTEN/NOTIFY, not at their next poll.
@Suite struct NotificationTests {
    @Test func aJobFromAnotherProcessWakesIdleWorkers() async throws {
        try await SQLJobQueueTests.withQueue(.postgres) { database, queue in
            let handler = RecordingHandler()
            let workers = JobWorkers(
                queue: queue,
                handlers: ["test": handler],
                // A poll far longer than the test: only a notification can wake the workers.
                configuration: .init(concurrency: 1, pollInterval: .seconds(600)),
                logger: SQLJobQueueTests.logger
            )
            // Another process: its own connection and queue, whose doorbell these workers never hear.
            let seen = try await database.withAnotherConnection { other in
                let otherQueue = SQLJobQueue(database: other, logger: SQLJobQueueTests.logger)
                return try await workers.whileRunning {
                    var seen: [String] = []
                    for payload in ["first", "second"] {
                        // Give the workers time to go idle first.
                        try await Task.sleep(for: .milliseconds(300))
                        _ = try await other.transaction {
                            try await otherQueue.enqueue(NewJob(kind: "test", lane: .standard, payload: payload), on: $0, now: Date())
                        }
                        seen += try await handler.collect(count: 1, within: .seconds(20))
                    }
                    return seen
                }
            }
            #expect(seen == ["ran first", "ran second"])
        }
    }
}
