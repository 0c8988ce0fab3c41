import Foundation
import ScriptDeskServices
import Testing

@testable import ScriptDeskQueue

/// The overview held to the lanes' targets and the alert thresholds.
@Suite struct ConsoleOverviewTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func lane(_ lane: Lane, oldestDue: Date?, deadLastHour: Int = 0, waiting: Int = 0) -> ConsoleFacts.LaneFacts {
        ConsoleFacts.LaneFacts(
            lane: lane,
            waiting: waiting,
            scheduled: 0,
            running: 0,
            dead: deadLastHour,
            deadLastHour: deadLastHour,
            paused: false,
            oldestDueAt: oldestDue,
            minutes: []
        )
    }

    static func worker(heardAgo seconds: TimeInterval) -> WorkerView {
        WorkerView(
            id: "host:1",
            host: "host",
            processID: 1,
            version: "1",
            slots: 2,
            requestedSlots: nil,
            busy: 0,
            startedAt: now - 3600,
            lastHeartbeatAt: now - seconds
        )
    }

    static func overview(_ lanes: [ConsoleFacts.LaneFacts], workers: [WorkerView]) -> ConsoleOverview {
        ConsoleOverview(
            ConsoleFacts(readAt: now, lanes: lanes, workers: workers, running: [], runningCount: 0),
            rules: QueueWatchRules(targets: [.priority: 300, .standard: 86_400], deadPerHour: 10, workerSilence: 30)
        )
    }

    @Test func aLanePastItsTargetIsBreachedAndRaisesAnAlert() {
        let overview = Self.overview(
            [Self.lane(.priority, oldestDue: Self.now - 301), Self.lane(.standard, oldestDue: Self.now - 3600)],
            workers: [Self.worker(heardAgo: 5)]
        )
        #expect(overview.lanes.map(\.breached) == [true, false])
        #expect(overview.alerts.map(\.name) == ["ScriptDeskLaneOverTarget"])
        #expect(overview.alerts.first?.message.contains("5 minutes") == true)
    }

    @Test func aLaneAtItsTargetIsNotBreached() {
        let overview = Self.overview([Self.lane(.priority, oldestDue: Self.now - 300)], workers: [Self.worker(heardAgo: 5)])
        #expect(overview.lanes.map(\.breached) == [false])
        #expect(overview.alerts.isEmpty)
    }

    @Test func deadJobsAtTheThresholdAndSilentWorkersRaiseAlerts() {
        let overview = Self.overview(
            [Self.lane(.priority, oldestDue: nil, deadLastHour: 4, waiting: 3), Self.lane(.standard, oldestDue: nil, deadLastHour: 6)],
            workers: [Self.worker(heardAgo: 31)]
        )
        #expect(overview.workers.map(\.silent) == [true])
        #expect(overview.alerts.map(\.name) == ["ScriptDeskDeadJobs", "ScriptDeskNoWorkers"])
        #expect(overview.alerts.last?.message.contains("3 due jobs are waiting") == true)
    }

    @Test func spansAreWrittenInWords() {
        #expect(ConsoleOverview.words(42) == "42 seconds")
        #expect(ConsoleOverview.words(60 * 6) == "6 minutes")
        #expect(ConsoleOverview.words(3600 * 3) == "3 hours")
        #expect(ConsoleOverview.words(86_400 * 2) == "2 days")
        #expect(ConsoleOverview.words(1) == "1 second")
    }
}
