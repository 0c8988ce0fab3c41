public import ArgumentParser
import Foundation
import ScriptDeskApp
import ScriptDeskCore
public import ScriptDeskQueue
import ScriptDeskServices

/// `scriptdesk queue …`: look at and steer the job queue.
public struct QueueCommand: AsyncParsableCommand {
    /// `scriptdesk queue`, with its `status`, `retry`, `cancel`, `pause`, `resume` and
    /// `concurrency` subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Look at and steer the job queue.",
        subcommands: [Status.self, Retry.self, Cancel.self, Pause.self, Resume.self, Concurrency.self]
    )

    /// A command with no arguments parsed yet.
    public init() {}

    /// `scriptdesk queue status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Depth by lane and state, running jobs, and jobs that need attention.")

        @OptionGroup var storage: StorageOptions

        @Flag(help: "Print the snapshot as JSON.")
        var json = false

        func run() async throws {
            let snapshot = try await storage.withRuntime { try await $0.queueOperations.snapshot(for: .commandLine, deadLimit: 20) }
            if json {
                print(try prettyJSON(snapshot))
                return
            }
            for lane in snapshot.lanes {
                let pausedMark = lane.paused ? " (paused)" : ""
                let states = JobState.allCases.map { "\($0.rawValue) \(lane.states[$0.rawValue] ?? 0)" }.joined(separator: ", ")
                let oldest = lane.oldestWaitingSeconds.map { String(format: "; oldest waiting %.1f s", $0) } ?? ""
                print("\(lane.lane.rawValue)\(pausedMark): \(states)\(oldest)")
            }
            for lane in snapshot.lanes {
                let rate = String(format: "%.1f", lane.throughput.perSecond)
                print(
                    "\(lane.lane.rawValue) throughput: \(lane.throughput.lastMinute) in the last minute, \(lane.throughput.last15Minutes) in 15 minutes (\(rate)/s over 5)"
                )
            }
            for worker in snapshot.workers {
                let asked = worker.requestedConcurrency.map { " (asked for \($0))" } ?? ""
                print(
                    "worker   \(worker.id): \(worker.concurrency) slots\(asked), \(worker.runningJobs.count) running, heartbeat \(worker.lastHeartbeatAt.formatted(.iso8601))"
                )
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
    try await storage.withRuntime { try await $0.queueOperations.setPaused(lane, paused, by: .commandLine) }
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

/// Which jobs `retry` and `cancel` act on.
struct JobSelection: ParsableArguments {
    @Argument(help: "Job ids; without them, every job matching the filter.")
    var ids: [Int64] = []

    @Option(name: .customLong("state"), help: "waiting or dead (repeatable; default both).")
    var states: [String] = []

    @Option(help: "priority or standard")
    var lane: Lane?

    @Option(help: "Jobs of this kind, such as script-copy.")
    var kind: String?

    @Option(name: .customLong("error-code"), help: "Jobs whose last error had this code, such as transfer.not_found.")
    var errorCode: String?

    @Option(help: "At most this many jobs, oldest first.")
    var limit = 10_000

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    /// Runs `action` on the selected jobs and reports what changed and what was left alone.
    func apply(_ action: JobControl, storage: StorageOptions) async throws {
        let filter = try JobFilter.control(ids: ids, states: states, lane: lane, kind: kind, errorCode: errorCode)
        let outcome = try await storage.withRuntime { try await $0.queueOperations.control(action, filter, limit: limit, by: .commandLine) }
        if json {
            print(try prettyJSON(outcome))
            return
        }
        if outcome.changed.isEmpty && outcome.skipped.isEmpty {
            note("No waiting or dead job matched; `scriptdesk queue status` lists the dead ones.")
            return
        }
        let verb = action == .retry ? "Retried" : "Cancelled"
        note(
            "\(verb) \(outcome.changed.count) job(s)\(outcome.changed.isEmpty ? "." : ": " + outcome.changed.map { "#\($0)" }.joined(separator: ", "))"
        )
        for skipped in outcome.skipped {
            note("Left #\(skipped.id) as it was: \(skipped.reason)")
        }
    }
}

extension QueueCommand {
    /// `scriptdesk queue retry`.
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run dead jobs again with fresh attempts, or waiting jobs now; their requests reopen."
        )

        @OptionGroup var selection: JobSelection
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await selection.apply(.retry, storage: storage)
        }
    }

    /// `scriptdesk queue cancel`.
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop waiting or dead jobs for good; their requests are marked failed, saying operations cancelled them."
        )

        @OptionGroup var selection: JobSelection
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await selection.apply(.cancel, storage: storage)
        }
    }
}

extension QueueCommand {
    /// `scriptdesk queue concurrency N`.
    struct Concurrency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change how many jobs worker processes run at once, while they run (taken up within a third of a lease)."
        )

        @Argument(help: "Slots per worker process (1 to 256).")
        var slots: Int

        @Option(help: "One worker process, by the id `queue status` shows; default every live one.")
        var worker: String?

        @OptionGroup var storage: StorageOptions

        func validate() throws {
            guard (1...256).contains(slots) else { throw ValidationError("Slots must be from 1 to 256.") }
        }

        func run() async throws {
            let asked = try await storage.withRuntime { try await $0.queueOperations.setConcurrency(slots, worker: worker, by: .commandLine) }
            if asked.isEmpty {
                note("No live worker process\(worker.map { " named \($0)" } ?? "") to change; `scriptdesk queue status` lists them.")
                throw ExitCode.failure
            }
            note("Asked \(asked.count) worker process(es) to run \(slots) slots: \(asked.joined(separator: ", ")).")
        }
    }
}
