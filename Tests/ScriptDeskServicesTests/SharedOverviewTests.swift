import Foundation
import Synchronization
import Testing

@testable import ScriptDeskQueue
@testable import ScriptDeskServices

/// The overview every console of a process shares: one reading however many ask at once,
/// a stale one served at once while a single reading refreshes it behind, and a reading of
/// their own for those who ask for one made now.
@Suite struct SharedOverviewTests {
    /// Readings numbered from 1 (the number is the overview's `readAt`, in seconds), each
    /// taking `takes` to make; while `held`, readings after the first wait (up to a minute)
    /// for `release()`.
    final class Reader: Sendable {
        let count = Mutex(0)
        let held = Mutex(false)
        let takes: Duration

        init(takes: Duration, holdingLaterReadings: Bool = false) {
            self.takes = takes
            held.withLock { $0 = holdingLaterReadings }
        }

        var made: Int { count.withLock { $0 } }

        func release() { held.withLock { $0 = false } }

        @Sendable func read() async throws -> ConsoleOverview {
            let number = count.withLock {
                $0 += 1
                return $0
            }
            try await Task.sleep(for: takes)
            let until = ContinuousClock.now + .seconds(60)
            while number > 1, held.withLock({ $0 }), ContinuousClock.now < until { try await Task.sleep(for: .milliseconds(10)) }
            return ConsoleOverview(
                ConsoleFacts(readAt: Date(timeIntervalSince1970: TimeInterval(number)), lanes: [], workers: [], running: [], runningCount: 0),
                rules: QueueWatchRules(targets: [:], deadPerHour: 10, workerSilence: 30)
            )
        }
    }

    static func number(_ overview: ConsoleOverview) -> Int { Int(overview.readAt.timeIntervalSince1970) }

    @Test func manyViewersAtOnceShareOneReading() async throws {
        let shared = SharedOverview()
        let reader = Reader(takes: .milliseconds(200))
        let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<40 { group.addTask { Self.number(try await shared.value(maxAge: .seconds(60), read: reader.read)) } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(reader.made == 1)
        #expect(Set(numbers) == [1] && numbers.count == 40)
        #expect(Self.number(try await shared.value(maxAge: .seconds(60), read: reader.read)) == 1, "fresh: no new reading")
        #expect(reader.made == 1)
    }

    @Test func aStaleOverviewIsServedAtOnceWhileOneReadingRefreshesIt() async throws {
        // However slow this machine is, the old overview is not too old to serve.
        let shared = SharedOverview(staleLimit: .seconds(3_600))
        let reader = Reader(takes: .milliseconds(10), holdingLaterReadings: true)
        _ = try await shared.value(maxAge: .seconds(60), read: reader.read)
        // Stale: every viewer gets the old reading while the new one is held unfinished, so
        // none of them waited for it; only one new reading started.
        for _ in 0..<10 { #expect(Self.number(try await shared.value(maxAge: .nanoseconds(1), read: reader.read)) == 1) }
        #expect(reader.made == 2)
        reader.release()
        // Once it is made, it is what viewers get.
        var number = 1
        for _ in 0..<500 where number == 1 {
            try await Task.sleep(for: .milliseconds(20))
            number = Self.number(try await shared.value(maxAge: .seconds(60), read: reader.read))
        }
        #expect(number == 2 && reader.made == 2)
    }

    @Test func aViewerWhoAsksForANewReadingWaitsForTheirOwn() async throws {
        let shared = SharedOverview()
        let reader = Reader(takes: .milliseconds(50))
        _ = try await shared.value(maxAge: .seconds(60), read: reader.read)
        #expect(Self.number(try await shared.value(maxAge: .zero, read: reader.read)) == 2)
        #expect(Self.number(try await shared.value(maxAge: .seconds(60), read: reader.read)) == 2, "and it is shared from then on")
        #expect(reader.made == 2)
    }
}
