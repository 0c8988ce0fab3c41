public import Foundation
import SQLKit
import ScriptDeskStore

/// What operations look for on the console's jobs page, and what a filtered action or export
/// acts on: every part given narrows the search.
public struct JobSearch: Sendable, Hashable, Codable {
    /// These jobs only (a selection), when set.
    public var ids: [Int64]?
    /// Jobs in one of these states (empty: any state).
    public var states: Set<JobState> = []
    /// Jobs of this lane.
    public var lane: Lane?
    /// Jobs of this kind.
    public var kind: String?
    /// Jobs whose last error had this code.
    public var errorCode: String?
    /// Jobs about this centre.
    public var centre: String?
    /// Jobs about this candidate.
    public var candidate: String?
    /// Jobs about this component.
    public var component: String?
    /// Jobs for this script request.
    public var requestID: String?
    /// Jobs enqueued at or after this instant.
    public var enqueuedFrom: Date?
    /// Jobs enqueued before this instant.
    public var enqueuedBefore: Date?

    /// A search for every job; set the parts to narrow it.
    public init(
        ids: [Int64]? = nil,
        states: Set<JobState> = [],
        lane: Lane? = nil,
        kind: String? = nil,
        errorCode: String? = nil,
        centre: String? = nil,
        candidate: String? = nil,
        component: String? = nil,
        requestID: String? = nil,
        enqueuedFrom: Date? = nil,
        enqueuedBefore: Date? = nil
    ) {
        self.ids = ids
        self.states = states
        self.lane = lane
        self.kind = kind
        self.errorCode = errorCode
        self.centre = centre
        self.candidate = candidate
        self.component = component
        self.requestID = requestID
        self.enqueuedFrom = enqueuedFrom
        self.enqueuedBefore = enqueuedBefore
    }

    /// Whether nothing narrows it.
    public var isEverything: Bool { self == JobSearch() }

    /// The search as a condition over `jobs`.
    var clause: SQLQueryString {
        var parts: [SQLQueryString] = []
        if let ids {
            let bound: [any Encodable & Sendable] = ids.isEmpty ? [Int64(-1)] : ids
            parts.append("id IN (\(binds: bound))")
        }
        if !states.isEmpty {
            let names: [any Encodable & Sendable] = states.map(\.rawValue).sorted()
            parts.append("state IN (\(binds: names))")
        }
        if let lane { parts.append("lane = \(bind: lane.rawValue)") }
        if let kind { parts.append("kind = \(bind: kind)") }
        if let errorCode { parts.append("last_error_code = \(bind: errorCode)") }
        if let centre { parts.append("centre = \(bind: centre)") }
        if let candidate { parts.append("candidate = \(bind: candidate)") }
        if let component { parts.append("component = \(bind: component)") }
        if let requestID { parts.append("request_id = \(bind: requestID)") }
        if let enqueuedFrom { parts.append("created_at >= \(bind: SQLTime.text(enqueuedFrom))") }
        if let enqueuedBefore { parts.append("created_at < \(bind: SQLTime.text(enqueuedBefore))") }
        return parts.isEmpty ? "1 = 1" : "\(SQLList(parts, separator: SQLRaw(" AND ")))"
    }
}
