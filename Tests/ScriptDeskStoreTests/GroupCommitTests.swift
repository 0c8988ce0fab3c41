import Synchronization
import Testing

@testable import ScriptDeskStore

/// Items gather into groups while a write is under way, or while a spacing since the last
/// write has not passed, and every group is written in the order its items were submitted.
@Suite struct GroupCommitTests {
    /// The groups a `GroupCommit` has written, and a gate the first write waits at.
    final class Writes: Sendable {
        let groups = Mutex<[[Int]]>([])
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let held = Mutex(false)

        func write(_ items: [Int]) async {
            if held.withLock({ $0 }) { await withCheckedContinuation { continuation in gate.withLock { $0 = continuation } } }
            groups.withLock { $0.append(items) }
        }

        /// Returns once the held write has reached the gate.
        func heldWriteStarted() async {
            while gate.withLock({ $0 == nil }) { await Task.yield() }
        }

        /// Lets the held write finish.
        func open() {
            held.withLock { $0 = false }
            gate.withLock { gate in
                gate?.resume()
                gate = nil
            }
        }
    }

    @Test func itemsSubmittedDuringAWriteAreWrittenTogetherInOrder() async throws {
        let writes = Writes()
        writes.held.withLock { $0 = true }
        let commits = GroupCommit<Int> { await writes.write($0) }
        commits.submitWithoutWaiting(0)
        await writes.heldWriteStarted()
        // The first write is held; these gather behind it.
        for item in 1...5 { commits.submitWithoutWaiting(item) }
        #expect(commits.backlog == 5)
        writes.open()
        await commits.flush()
        #expect(writes.groups.withLock { $0 } == [[0], [1, 2, 3, 4, 5]])
        #expect(commits.backlog == 0)
    }

    @Test func aFailedWriteIsThrownToEveryItemInItsGroup() async throws {
        struct Refused: Error {}
        let commits = GroupCommit<Int> { items in if items.contains(2) { throw Refused() } }
        try await commits.submit(1)
        await #expect(throws: Refused.self) { try await commits.submit(2) }
        try await commits.submit(3)
    }

    @Test func anIdleGroupWritesAtOnceAndABusyOneKeepsItsSpacing() async throws {
        let writes = Writes()
        let commits = GroupCommit<Int>(spacing: .seconds(2)) { await writes.write($0) }
        // Nothing written before: the first item does not wait for the spacing.
        try await commits.submit(1)
        #expect(writes.groups.withLock { $0 } == [[1]])
        // The next two arrive within the spacing: they wait for it, then go together.
        commits.submitWithoutWaiting(2)
        commits.submitWithoutWaiting(3)
        #expect(commits.backlog == 2)
        await commits.flush()
        #expect(writes.groups.withLock { $0 } == [[1], [2, 3]])
    }
}
