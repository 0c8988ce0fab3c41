import Foundation
import Hummingbird
import Mustache
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// `/results`: the centre's results for a series, paged on the server and filtered by
/// component, qualification, grade and indicator (in the address, none of them personal);
/// a search by candidate number or name is sent as a form, so a name never enters an
/// address or a log. Indicators are spelled out, special consideration is shown as such,
/// and each row says whether a script is held and offers "Request a copy".
struct ResultsPage<Context: PortalRequestContext> {
    let results: ResultsQuery
    let clock: WallClock
    let renderer: PageRenderer

    static var pageSize: Int { 50 }
    /// The most rows a search by candidate shows.
    static var searchLimit: Int { 100 }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("results", use: show)
        pages.get("results/export.csv", use: export)
        pages.post("results", use: show)
    }

    struct Page: PageContent {
        var title = "Results"
        var session: PortalSession?
        var seriesName: String
        var seriesCode: String
        var seriesOptions: [RequestPages<Context>.Option]
        var components: [RequestPages<Context>.Option]
        var qualifications: [RequestPages<Context>.Option]
        var indicators: [RequestPages<Context>.Option]
        var grade: String
        var candidate: String
        var rows: [Row]
        var hasRows: Bool
        var filtered: Bool
        var searching: Bool
        var searchCapped: Bool
        var pagination: Pagination
    }

    struct Row {
        var candidate: String
        var name: String
        var component: String
        var componentTitle: String
        var qualification: String
        var kind: String
        var revised: Bool
        var mark: String
        var grade: String
        var indicators: [Indicator]
        var specialConsideration: Bool
        var script: String
        var canRequest: Bool
        var series: String
    }

    struct Indicator {
        var symbol: String
        var meaning: String
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let caller = session.signedIn.caller
        let query = request.uri.queryParameters
        let inForce = try await results.seriesInForce(at: clock.now)
        let series = query["series"].map(String.init) ?? inForce.first?.code ?? ""
        let searched = context.portal.form["candidate"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let filter = ReferenceData.ResultFilter(
            candidate: searched.isEmpty ? nil : searched,
            component: query["component"].map(String.init).flatMap { $0.isEmpty ? nil : $0 },
            qualification: query["qualification"].flatMap { QualificationType(rawValue: String($0)) },
            grade: query["grade"].map(String.init).flatMap { $0.isEmpty ? nil : $0 },
            indicator: query["indicator"].flatMap { ResultIndicator(rawValue: String($0)) }
        )
        let number = max(1, query["page"].flatMap { Int(String($0)) } ?? 1)
        let window: ScriptDeskStore.Page =
            searched.isEmpty ? .init(limit: Self.pageSize, offset: (number - 1) * Self.pageSize) : .init(limit: Self.searchLimit + 1)
        let found = try await results.results(series: series, centre: nil, filter: filter, page: window, for: caller).page
        var kept: [String: String] = ["series": series]
        if let component = filter.component { kept["component"] = component }
        if let qualification = filter.qualification { kept["qualification"] = qualification.rawValue }
        if let grade = filter.grade { kept["grade"] = grade }
        if let indicator = filter.indicator { kept["indicator"] = indicator.rawValue }
        let components = try await results.components()
        let page = Page(
            session: session,
            seriesName: inForce.first { $0.code == series }?.name ?? series,
            seriesCode: series,
            seriesOptions: inForce.map { .init(value: $0.code, label: $0.name, selected: $0.code == series) },
            components: components.map { .init(value: $0.code, label: "\($0.code) \($0.title)", selected: $0.code == filter.component) },
            qualifications: QualificationType.allCases.map { .init(value: $0.rawValue, label: $0.displayName, selected: $0 == filter.qualification) },
            indicators: ResultIndicator.allCases.map {
                .init(value: $0.rawValue, label: "\($0.rawValue): \(Self.meaning($0))", selected: $0 == filter.indicator)
            },
            grade: filter.grade ?? "",
            candidate: searched,
            rows: found.items.prefix(searched.isEmpty ? Self.pageSize : Self.searchLimit).map { Self.row($0) },
            hasRows: !found.items.isEmpty,
            filtered: kept.count > 1 || !searched.isEmpty,
            searching: !searched.isEmpty,
            searchCapped: !searched.isEmpty && found.items.count > Self.searchLimit,
            pagination: Pagination(path: "/results", query: kept, page: number, pageSize: Self.pageSize, total: searched.isEmpty ? found.total : 0)
        )
        return renderer.render("results", page)
    }

    /// The centre's results of a series, as CSV, read a page at a time.
    @Sendable func export(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let inForce = try await results.seriesInForce(at: clock.now)
        let series = request.uri.queryParameters["series"].map(String.init) ?? inForce.first?.code ?? ""
        var rows = [
            [
                "series", "candidate", "name", "component", "title", "qualification", "mark", "max_mark", "grade", "indicators",
                "special_consideration", "script_pages",
            ]
        ]
        var offset = 0
        while true {
            let found = try await results.results(
                series: series,
                centre: nil,
                page: ScriptDeskStore.Page(limit: 500, offset: offset),
                for: session.signedIn.caller
            ).page
            rows += found.items.map { listing in
                let result = listing.result
                return [
                    series, result.candidate.rawValue, listing.candidateName, listing.component.code, listing.component.title,
                    listing.component.qualification.rawValue, result.mark.map(String.init) ?? "", String(listing.component.maxMark),
                    result.grade ?? "", result.indicators.map(\.rawValue).joined(), result.specialConsideration ? "yes" : "no",
                    listing.scriptPageCount.map(String.init) ?? "",
                ]
            }
            offset += found.items.count
            if found.items.isEmpty || offset >= found.total { break }
        }
        return CSV.download(rows, fileName: "results-\(series).csv")
    }

    static func row(_ listing: ResultListing) -> Row {
        let result = listing.result
        return Row(
            candidate: result.candidate.rawValue,
            name: listing.candidateName,
            component: listing.component.code,
            componentTitle: listing.component.title,
            qualification: listing.component.qualification.displayName,
            kind: kindName(listing.component.kind),
            revised: listing.revisions > 0,
            mark: result.mark.map { "\($0) / \(listing.component.maxMark)" } ?? "–",
            grade: result.grade ?? "–",
            indicators: result.indicators.map { Indicator(symbol: $0.rawValue, meaning: meaning($0)) },
            specialConsideration: result.specialConsideration,
            script: listing.scriptPageCount.map { "Held, \($0) pages" } ?? "Not held",
            canRequest: listing.scriptPageCount != nil && result.hasMarkedScript,
            series: result.series
        )
    }

    static func kindName(_ kind: Component.Kind) -> String {
        switch kind {
        case .written: "written paper"
        case .objectiveTest: "objective test"
        case .moderated: "moderated"
        }
    }

    static func meaning(_ indicator: ResultIndicator) -> String {
        switch indicator {
        case .noResult: "no result"
        case .partiallyAbsent: "partially absent"
        case .pending: "result pending"
        case .ungraded: "ungraded"
        }
    }
}

// A table row is looked up by name for every field in it, 50 rows a page: answered by a
// switch rather than by `Mirror`, whose reflection was three quarters of the page's time.
extension ResultsPage.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "candidate": candidate
        case "name": self.name
        case "component": component
        case "componentTitle": componentTitle
        case "qualification": qualification
        case "kind": kind
        case "revised": revised
        case "mark": mark
        case "grade": grade
        case "indicators": indicators
        case "specialConsideration": specialConsideration
        case "script": script
        case "canRequest": canRequest
        case "series": series
        default: nil
        }
    }
}

extension ResultsPage.Indicator: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "symbol": symbol
        case "meaning": meaning
        default: nil
        }
    }
}
