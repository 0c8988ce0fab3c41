import ArgumentParser
import Foundation
import ScriptDeskQueue
import ScriptDeskServer

/// `scriptdesk queue …`: look at the job queue.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Look at the job queue.",
        subcommands: [Status.self, Pause.self, Resume.self]
    )

    /// `scriptdesk queue status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Depth by lane and state, running jobs, and jobs that need attention.")

        @OptionGroup var storage: StorageOptions

        @Flag(help: "Print the snapshot as JSON.")
        var json = false

        func run() async throws {
            let settings = try await ServerSettings.resolve(.init(storage))
            let runtime = try await Runtime.open(settings, logger: makeLogger(settings))
            let snapshot = try await runtime.closing { try await runtime.pipeline.queue.snapshot(now: Date(), deadLimit: 20) }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(snapshot), as: UTF8.self))
                return
            }
            for lane in snapshot.lanes {
                let pausedMark = lane.paused ? " (paused)" : ""
                let states = JobState.allCases.map { "\($0.rawValue) \(lane.states[$0.rawValue] ?? 0)" }.joined(separator: ", ")
                let oldest = lane.oldestWaitingSeconds.map { String(format: "; oldest waiting %.1f s", $0) } ?? ""
                print("\(lane.lane.rawValue)\(pausedMark): \(states)\(oldest)")
            }
            for job in snapshot.running {
                print(
                    "running  #\(job.id) \(job.kind) (\(job.lane.rawValue)) attempt \(job.attempt) on \(job.worker), lease to \(job.leaseExpiresAt.formatted(.iso8601))"
                )
            }
            for job in snapshot.dead {
                print(
                    "dead     #\(job.id) \(job.kind) (\(job.lane.rawValue)) after \(job.attempts) attempts: \(job.errorCode ?? "?") \(job.errorMessage ?? "")"
                )
            }
        }
    }
}

extension Lane: ExpressibleByArgument {}

/// Opens the runtime, sets a lane's pause, and closes.
private func setPaused(_ lane: Lane, _ paused: Bool, storage: StorageOptions) async throws {
    let settings = try await ServerSettings.resolve(.init(storage))
    let runtime = try await Runtime.open(settings, logger: makeLogger(settings))
    try await runtime.closing { try await runtime.pipeline.queue.setPaused(lane, paused, now: Date()) }
    note("The \(lane.rawValue) lane is \(paused ? "paused: no job of it will be claimed until it is resumed" : "running").")
}

extension QueueCommand {
    /// `scriptdesk queue pause LANE`.
    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop claiming a lane's jobs (priority or standard), in every process.")

        @Argument(help: "priority or standard")
        var lane: Lane

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await setPaused(lane, true, storage: storage)
        }
    }

    /// `scriptdesk queue resume LANE`.
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Claim a paused lane's jobs again.")

        @Argument(help: "priority or standard")
        var lane: Lane

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await setPaused(lane, false, storage: storage)
        }
    }
}
