import Foundation
import SQLKit
public import ScriptDeskCore
public import ScriptDeskStore

/// Which jobs an operations command acts on: named ones, or every job matching the rest.
public struct JobFilter: Sendable, Hashable, Codable {
    /// These jobs only (when set).
    public var ids: [Int64]?
    /// Jobs in one of these states; retry and cancel act on waiting and dead jobs only.
    public var states: Set<JobState>
    /// Jobs of this lane only.
    public var lane: Lane?
    /// Jobs of this kind only.
    public var kind: String?
    /// Jobs whose last error had this code only.
    public var errorCode: String?

    /// A filter as given, unchecked; `control(ids:states:lane:kind:errorCode:)` makes one
    /// checked for operations.
    public init(ids: [Int64]? = nil, states: Set<JobState>, lane: Lane? = nil, kind: String? = nil, errorCode: String? = nil) {
        self.ids = ids
        self.states = states
        self.lane = lane
        self.kind = kind
        self.errorCode = errorCode
    }

    /// The filter as a `WHERE` clause over `jobs`: the console's search with the same parts.
    var clause: SQLQueryString {
        JobSearch(ids: ids, states: states, lane: lane, kind: kind, errorCode: errorCode).clause
    }

    /// Whether a job whose last error had `lastErrorCode` matches: `clause`, for the queue in memory.
    func matches(_ job: JobRecord, lastErrorCode: String?) -> Bool {
        states.contains(job.state) && (ids?.contains(job.id) ?? true) && (lane.map { $0 == job.lane } ?? true)
            && (kind.map { $0 == job.kind } ?? true) && (errorCode.map { $0 == lastErrorCode } ?? true)
    }
}

/// A job as operations act on it.
public struct JobRecord: Sendable, Hashable {
    /// The job's id.
    public var id: Int64
    /// What the job does; its handler is picked by this.
    public var kind: String
    /// The lane it waits in.
    public var lane: Lane
    /// The handler's input.
    public var payload: String
    /// Waiting or dead, before the action.
    public var state: JobState
    /// The runs it has used so far.
    public var attempts: Int
}

/// What operations do to a job.
public enum JobControl: String, Sendable, Codable {
    /// Run a dead job again with fresh attempts, or a waiting job now.
    case retry
    /// Stop a waiting or dead job for good.
    case cancel
}

/// A handler's refusal of a retry or cancel, with a reason operations can act on; the job
/// is left as it was and the other jobs of the command go ahead.
public struct JobControlRefused: Error, Sendable {
    /// Why the job is left as it was, for operations.
    public var reason: String

    /// A refusal giving `reason`.
    public init(_ reason: String) {
        self.reason = reason
    }
}

/// What a retry or cancel did.
public struct JobControlOutcome: Sendable, Encodable, Equatable {
    /// A job left as it was, and why.
    public struct Skipped: Sendable, Encodable, Equatable {
        /// The job's id.
        public var id: Int64
        /// Why it was left: a handler's refusal, or the live job that already does the same
        /// work.
        public var reason: String
    }

    /// The action taken.
    public var action: JobControl
    /// Jobs acted on.
    public var changed: [Int64]
    /// Jobs that matched but were left as they were.
    public var skipped: [Skipped]
}

/// Tells a job's handler about an operations action, in the queue's transaction, before the
/// job changes; throwing `JobControlRefused` skips the job, any other error undoes the command.
public typealias ControlRecorder = @Sendable (JobRecord, JobControl, StoreConnection) async throws -> Void

/// Why a retry or cancel command was not accepted.
public enum JobControlError: ScriptDeskError, Sendable, Hashable {
    /// Neither job ids nor any narrowing filter: too easy to act on every job by mistake.
    case unfiltered
    /// A state that retry and cancel do not act on.
    case stateNotControllable(String)

    /// `queue.filter_required` or `queue.state_not_controllable`.
    public var code: String {
        switch self {
        case .unfiltered: "queue.filter_required"
        case .stateNotControllable: "queue.state_not_controllable"
        }
    }

    /// What to name or narrow, or which states can be acted on.
    public var message: String {
        switch self {
        case .unfiltered:
            "Name the jobs by id, or narrow the filter by state, lane, kind or error code."
        case .stateNotControllable(let state):
            "Only waiting and dead jobs can be retried or cancelled, not '\(state)' ones; a running job finishes or fails first."
        }
    }
}

extension JobFilter {
    /// A filter for retry or cancel, checked: at least ids or one narrowing, and states
    /// among waiting and dead (both when none is named).
    public static func control(ids: [Int64], states: [String], lane: Lane?, kind: String?, errorCode: String?) throws -> JobFilter {
        let controllable: Set<JobState> = [.waiting, .dead]
        var chosen = Set<JobState>()
        for name in states {
            guard let state = JobState(rawValue: name), controllable.contains(state) else {
                throw JobControlError.stateNotControllable(name)
            }
            chosen.insert(state)
        }
        guard !ids.isEmpty || !chosen.isEmpty || lane != nil || kind != nil || errorCode != nil else {
            throw JobControlError.unfiltered
        }
        return JobFilter(
            ids: ids.isEmpty ? nil : ids,
            states: chosen.isEmpty ? controllable : chosen,
            lane: lane,
            kind: kind,
            errorCode: errorCode
        )
    }
}
