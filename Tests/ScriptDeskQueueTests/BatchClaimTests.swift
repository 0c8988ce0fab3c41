import Foundation
import ScriptDeskCore
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskQueue

/// Claims and completions of many jobs in one transaction.
@Suite struct BatchClaimTests {
    static let start = QueueHarness.start

    @Test(arguments: QueueKind.allCases) func aBatchClaimFollowsItsPlan(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            for index in 0..<5 {
                try await harness.enqueue(NewJob(kind: "k", lane: .standard, payload: "s\(index)"), at: Self.start + Double(index))
                try await harness.enqueue(NewJob(kind: "k", lane: .priority, payload: "p\(index)"), at: Self.start + Double(index))
            }
            let now = Self.start + 10
            // The standard lane's share first, then priority up to the limit.
            let first = try await queue.claim(ClaimPlan(limit: 4, standardLimit: 2, standardFirst: 1), workerID: "w", lease: .seconds(30), now: now)
            #expect(Set(first.map(\.payload)) == ["s0", "p0", "p1", "p2"])
            // Priority first, then standard only as far as its limit allows.
            let second = try await queue.claim(ClaimPlan(limit: 10, standardLimit: 3, standardFirst: 0), workerID: "w", lease: .seconds(30), now: now)
            #expect(Set(second.map(\.payload)) == ["p3", "p4", "s1", "s2", "s3"])
            #expect(
                try await queue.claim(ClaimPlan(limit: 5, standardLimit: 0, standardFirst: 0), workerID: "w", lease: .seconds(30), now: now).isEmpty
            )

            let stale = try #require(first.first)
            #expect(try await queue.rescueExpiredLeases(now: now + 31, onDeath: nil) == 9)
            let again = try await queue.claim(
                ClaimPlan(limit: 20, standardLimit: 20, standardFirst: 0),
                workerID: "w",
                lease: .seconds(30),
                now: now + 32
            )
            #expect(again.count == 10)
            // One transaction completes the batch; a stale lease among them is left alone.
            let done = try await queue.complete(again + [stale], now: now + 33)
            #expect(done == Set(again.map(\.id)))
            #expect(try await queue.complete(again, now: now + 34).isEmpty)
            #expect(try await queue.depth()[.standard]?[.succeeded] == 5)
            #expect(try await queue.depth()[.priority]?[.succeeded] == 5)
        }
    }

    @Test(arguments: QueueKind.allCases) func aBulkEnqueueAddsEveryJobAndKeepsUniqueness(kind: QueueKind) async throws {
        try await QueueHarness.with(kind) { harness in
            let queue = harness.queue
            let live = try await harness.enqueue(NewJob(kind: "k", lane: .priority, payload: "x", uniqueKey: "copy:1"))
            var jobs = (0..<1_200).map { NewJob(kind: "k", lane: $0.isMultiple(of: 3) ? .priority : .standard, payload: "\($0)") }
            jobs.insert(NewJob(kind: "k", lane: .priority, payload: "again", uniqueKey: "copy:1"), at: 700)
            let ids = try await harness.enqueue(jobs)
            #expect(ids.count == jobs.count)
            #expect(ids[700] == live)
            #expect(Set(ids).count == jobs.count)
            let depth = try await queue.depth()
            #expect(depth[.priority]?[.waiting] == 401)
            #expect(depth[.standard]?[.waiting] == 800)
            let first = try #require(try await queue.claim(workerID: "w", lease: .seconds(30), now: Self.start + 1, order: .standardFirst))
            #expect(first.payload == "1")
            #expect(first.id == ids[1])
        }
    }
}
