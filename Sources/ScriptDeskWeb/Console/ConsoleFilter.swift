import Foundation
import ScriptDeskQueue

/// The jobs page's filter as the browser sends it, in the address (`?state=dead&lane=standard`)
/// or in a confirmation form's hidden fields, and as the `JobSearch` the console runs. One
/// set of field names serves the filter form, the pages' links, the CSV export and the
/// actions, so what operations confirm is exactly what they were looking at.
struct ConsoleFilter: Equatable {
    var state: JobState?
    var lane: Lane?
    var kind: String?
    var errorCode: String?
    var centre: String?
    var candidate: String?
    var component: String?
    var requestID: String?
    /// The first day of the range, as `yyyy-mm-dd` (London).
    var from: String?
    /// The last day of the range, as `yyyy-mm-dd` (London), included.
    var to: String?
    /// A selection of jobs, which narrows the rest.
    var ids: [Int64]?

    /// A field the browser sent that cannot be searched on, with what to do about it.
    struct Problem: Equatable {
        var field: String
        var message: String
    }

    /// The field names, in the order links carry them.
    static let names = ["state", "lane", "kind", "error", "centre", "candidate", "component", "request", "from", "to", "ids"]

    /// The filter in `fields` (blank fields are absent), and what in them could not be read.
    static func read(_ fields: [String: String]) -> (filter: ConsoleFilter, problems: [Problem]) {
        func field(_ name: String) -> String? {
            guard let value = fields[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        var filter = ConsoleFilter()
        var problems: [Problem] = []
        if let state = field("state") {
            filter.state = JobState(rawValue: state)
            if filter.state == nil {
                problems.append(
                    .init(field: "state", message: "Choose a state from the list: \(JobState.allCases.map(\.rawValue).joined(separator: ", ")).")
                )
            }
        }
        if let lane = field("lane") {
            filter.lane = Lane(rawValue: lane)
            if filter.lane == nil { problems.append(.init(field: "lane", message: "Choose a lane from the list: priority or standard.")) }
        }
        filter.kind = field("kind")
        filter.errorCode = field("error")
        filter.centre = field("centre")
        filter.candidate = field("candidate")
        filter.component = field("component")?.uppercased()
        filter.requestID = field("request")?.lowercased()
        for (name, value) in [("from", field("from")), ("to", field("to"))] {
            guard let value else { continue }
            guard Self.day(value) != nil else {
                problems.append(.init(field: name, message: "Enter the date as a day, month and year, such as 2026-08-20."))
                continue
            }
            if name == "from" { filter.from = value } else { filter.to = value }
        }
        if let ids = field("ids") {
            let parsed = ids.split(separator: ",").map { Int64($0.trimmingCharacters(in: .whitespaces)) }
            if parsed.isEmpty || parsed.contains(nil) || parsed.count > 1_000 {
                problems.append(.init(field: "ids", message: "Select between 1 and 1,000 jobs by ticking their boxes."))
            } else {
                filter.ids = parsed.compactMap { $0 }
            }
        }
        return (filter, problems)
    }

    /// What the console searches for.
    var search: JobSearch {
        JobSearch(
            ids: ids,
            states: state.map { [$0] } ?? [],
            lane: lane,
            kind: kind,
            errorCode: errorCode,
            centre: centre,
            candidate: candidate,
            component: component,
            requestID: requestID,
            enqueuedFrom: from.flatMap(Self.day),
            enqueuedBefore: to.flatMap(Self.day).map { $0.addingTimeInterval(86_400) }
        )
    }

    /// Whether anything narrows it.
    var isFiltered: Bool { self != ConsoleFilter() }

    /// The filter's fields, by name, only those set.
    var fields: [(name: String, value: String)] {
        let values: [String?] = [
            state?.rawValue, lane?.rawValue, kind, errorCode, centre, candidate, component, requestID, from, to,
            ids.map { $0.map(String.init).joined(separator: ",") },
        ]
        return zip(Self.names, values).compactMap { name, value in value.map { (name, $0) } }
    }

    /// The filter as an address's query, "state=dead&lane=standard", empty when unfiltered.
    var query: String {
        fields.map { "\($0.name)=\(Self.encoded($0.value))" }.joined(separator: "&")
    }

    /// `path` with the filter and `extra` parts in its query.
    func link(_ path: String, _ extra: [(String, String)] = []) -> String {
        let parts = [query].filter { !$0.isEmpty } + extra.map { "\($0.0)=\(Self.encoded($0.1))" }
        return parts.isEmpty ? path : "\(path)?\(parts.joined(separator: "&"))"
    }

    /// The filter in words, for the confirmation: "state dead, lane standard".
    var words: String { Self.words(search) }

    /// `search` in words, for the confirmation and the audit: "dead jobs, lane standard,
    /// error code fetch.not_found"; "every job" when nothing narrows it.
    static func words(_ search: JobSearch) -> String {
        var parts: [String] = []
        if let ids = search.ids { parts.append("\(ids.count) selected job\(ids.count == 1 ? "" : "s")") }
        if !search.states.isEmpty {
            parts.append(search.states.map { JobStateTag.label($0).lowercased() }.sorted().joined(separator: " or ") + " jobs")
        }
        let named: [(String, String?)] = [
            ("lane", search.lane?.rawValue), ("kind", search.kind), ("error code", search.errorCode), ("centre", search.centre),
            ("candidate", search.candidate), ("component", search.component), ("request", search.requestID),
            ("enqueued from", search.enqueuedFrom.map(UKTime.date)),
            ("enqueued before", search.enqueuedBefore.map(UKTime.date)),
        ]
        parts += named.compactMap { label, value in value.map { "\(label) \($0)" } }
        return parts.isEmpty ? "every job" : parts.joined(separator: ", ")
    }

    /// The start, in London, of day `text` (`yyyy-mm-dd`).
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    private static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? value
    }
}

extension CharacterSet {
    /// What may stand unescaped in a query's value.
    static let urlQueryValueAllowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))
}
