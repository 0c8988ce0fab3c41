import Foundation
import Hummingbird
import Mustache
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// `/requests`: the caller's requests as a table with status tags, filters and pages; and
/// `/requests/{id}`: one request's summary, download, timeline and audit, with "get a new
/// link" and "withdraw links" (behind a confirmation page). Another centre's request, or
/// one the caller may not see, is a 404, as in the API.
struct RequestPages<Context: PortalRequestContext> {
    let tracking: RequestTracking
    let links: LinkService
    let bundles: BundleService
    let results: ResultsQuery
    let access: AccessPolicy
    let clock: WallClock
    let renderer: PageRenderer

    /// Rows per page of the table.
    static var pageSize: Int { 25 }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("requests", use: list)
        pages.get("requests/export.csv", use: export)
        pages.post("requests/bundle", use: bundle)
        pages.get("requests/{id}", use: show)
        pages.post("requests/{id}/download", use: download)
        pages.post("requests/{id}/links", use: newLink)
        pages.get("requests/{id}/withdraw", use: confirmWithdrawal)
        pages.post("requests/{id}/withdraw", use: withdraw)
    }

    // MARK: The table

    struct ListPage: PageContent {
        var title = "Requests"
        var session: PortalSession?
        var rows: [Row]
        var total: Int
        var statuses: [Option]
        var kinds: [Option]
        var filtered: Bool
        var hasRows: Bool
        var pagination: Pagination
        var everyCentre: Bool
        var centre: String
        var components: [Option]
        var series: String
    }

    struct Row {
        var id: String
        var reference: String
        var candidate: String
        var component: String
        var series: String
        var kind: String
        var status: String
        var statusTag: String
        var requestedAt: String
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let query = request.uri.queryParameters
        let status = query["status"].flatMap { ScriptRequestStatus(rawValue: String($0)) }
        let kind = query["kind"].flatMap { ScriptCopyKind(rawValue: String($0)) }
        let everyCentre = !session.signedIn.caller.role.isCentreRole
        let centre = everyCentre ? query["centre"].flatMap { CentreNumber(String($0)) } : nil
        let number = max(1, query["page"].flatMap { Int(String($0)) } ?? 1)
        let found = try await tracking.list(
            for: session.signedIn.caller,
            filter: ScriptRequests.Filter(status: status, kind: kind, centre: centre),
            page: Page(limit: Self.pageSize, offset: (number - 1) * Self.pageSize)
        )
        var base: [String: String] = [:]
        if let status { base["status"] = status.rawValue }
        if let kind { base["kind"] = kind.rawValue }
        if let centre { base["centre"] = centre.rawValue }
        let page = ListPage(
            session: session,
            rows: found.items.map(Self.row),
            total: found.total,
            statuses: ScriptRequestStatus.allCases.map { Option(value: $0.rawValue, label: StatusTag.label($0), selected: $0 == status) },
            kinds: ScriptCopyKind.allCases.map { Option(value: $0.rawValue, label: Self.kindName($0), selected: $0 == kind) },
            filtered: !base.isEmpty,
            hasRows: found.total > 0,
            pagination: Pagination(path: "/requests", query: base, page: number, pageSize: Self.pageSize, total: found.total),
            everyCentre: everyCentre,
            centre: centre?.rawValue ?? "",
            components: everyCentre
                ? [] : try await results.components().map { .init(value: $0.code, label: "\($0.code) \($0.title)", selected: false) },
            series: try await results.seriesInForce(at: clock.now).first?.code ?? ""
        )
        return renderer.render("requests", page)
    }

    /// Puts every ready copy of a component that the caller may see into one ZIP behind a
    /// signed link (the API's bundle), and sends the browser to it.
    @Sendable func bundle(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let form = context.portal.form
        do {
            let made = try await bundles.make(
                .component(series: form["series"] ?? "", component: form["component"] ?? ""),
                for: session.signedIn.caller
            )
            return Redirect.seeOther("/z/\(made.token)")
        } catch {
            return renderer.problem(status: .unprocessableContent, title: "No ZIP to download", message: error.message, session: session)
        }
    }

    /// Every request the caller may see, as CSV, read a page at a time.
    @Sendable func export(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        var rows = [["reference", "id", "series", "component", "candidate", "copy", "status", "named_on_copy", "requested_at"]]
        var offset = 0
        while true {
            let page = try await tracking.list(for: session.signedIn.caller, page: Page(limit: 500, offset: offset))
            rows += page.items.map { item in
                [
                    Reference.text(item.id), item.id, item.series, item.component, item.candidate.rawValue, item.kind.rawValue,
                    item.status.rawValue, item.isAnonymised ? "no" : "yes", ISO8601.string(from: item.createdAt),
                ]
            }
            offset += page.items.count
            if page.items.isEmpty || offset >= page.total { break }
        }
        return CSV.download(rows, fileName: "requests.csv")
    }

    static func row(_ request: ScriptRequest) -> Row {
        Row(
            id: request.id,
            reference: Reference.text(request.id),
            candidate: request.candidate.rawValue,
            component: request.component,
            series: request.series,
            kind: kindName(request.kind),
            status: StatusTag.label(request.status),
            statusTag: StatusTag.style(request.status),
            requestedAt: UKTime.dateAndTime(request.createdAt)
        )
    }

    static func kindName(_ kind: ScriptCopyKind) -> String {
        kind == .priority ? "Priority copy" : "Copy for teaching"
    }

    // MARK: One request

    struct DetailPage: PageContent {
        var title: String
        var session: PortalSession?
        var row: Row
        var notice: String?
        var identified: String
        var consentObtained: String
        var hasCopy: Bool
        var pages: String
        var linkExpires: String?
        var canDownload: Bool
        var canWithdraw: Bool
        var failure: String?
        var timeline: [Event]
        var downloads: [Download]
        var hasDownloads: Bool
        var live: Bool
        var query: ResultQuery?
    }

    /// "Query this result", from a priority copy: the enquiry's question pages with the
    /// result filled in, and how long is left until the series' final enquiry deadline.
    struct ResultQuery {
        var href: String
        var deadline: String
        var countdown: String
        var open: Bool
    }

    struct Event {
        var at: String
        var status: String
        var statusTag: String
        var detail: String
    }

    struct Download {
        var at: String
        var what: String
        var address: String
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let caller = session.signedIn.caller
        let id = try context.parameters.require("id")
        let details = try await found { try await tracking.details(of: id, for: caller) }
        let scriptRequest = details.request
        let notice: String? =
            switch request.uri.queryParameters["done"].map(String.init) {
            case "withdrawn": "The download links of this request have been withdrawn. Anyone holding one is now refused."
            case "link": "A new download link has been made. Links made before it keep working until they expire."
            default: nil
            }
        let page = DetailPage(
            title: "Request \(Reference.text(scriptRequest.id))",
            session: session,
            row: Self.row(scriptRequest),
            notice: notice,
            identified: scriptRequest.isAnonymised ? "No: anonymised, with no name or candidate number" : "Yes",
            consentObtained: UKTime.dateAndTime(scriptRequest.consent.obtainedAt),
            hasCopy: scriptRequest.copy != nil,
            pages: scriptRequest.copy.map { "\($0.pageCount) pages, \(Self.size($0.byteCount))" } ?? "",
            linkExpires: details.offer.map { UKTime.dateAndTime($0.link.expiresAt) },
            canDownload: details.offer != nil,
            canWithdraw: access.decide(caller, .withdrawLinks(RequestOwner(scriptRequest))) == .allowed && scriptRequest.copy != nil,
            failure: scriptRequest.failure?.message,
            timeline: details.timeline.reversed().map(Self.event),
            downloads: details.downloads.reversed().map(Self.download),
            hasDownloads: !details.downloads.isEmpty,
            live: scriptRequest.status.isLive,
            query: try await resultQuery(scriptRequest, for: caller)
        )
        return renderer.render("request", page)
    }

    /// "Query this result" for a priority copy, shown to those the access policy lets make
    /// enquiries; the desk checks the enquiry itself.
    private func resultQuery(_ request: ScriptRequest, for caller: Caller) async throws -> ResultQuery? {
        guard request.kind == .priority, access.decide(caller, .makeEnquiry(caller.centre)) == .allowed,
            let series = try await results.series(request.series)
        else { return nil }
        let deadline = series.calendar.finalEnquiryDeadline
        let now = clock.now
        var address = URLComponents()
        address.path = "/enquiries/new"
        address.queryItems = [
            URLQueryItem(name: "series", value: request.series), URLQueryItem(name: "component", value: request.component),
            URLQueryItem(name: "candidate", value: request.candidate.rawValue),
        ]
        return ResultQuery(
            href: address.string ?? "/enquiries/new",
            deadline: UKTime.dateAndTime(deadline),
            countdown: UKTime.countdown(to: deadline, from: now),
            open: now <= deadline
        )
    }

    static func event(_ event: RequestEvent) -> Event {
        Event(at: UKTime.dateAndTime(event.at), status: StatusTag.label(event.status), statusTag: StatusTag.style(event.status), detail: event.detail)
    }

    static func download(_ download: DownloadLinks.Download) -> Download {
        guard let refused = download.refused else {
            return Download(at: UKTime.dateAndTime(download.at), what: "Downloaded \(size(download.bytes))", address: download.clientAddress)
        }
        let times = refused.count == 1 ? "once" : "\(refused.count) times"
        return Download(
            at: UKTime.dateAndTime(download.at),
            what: "Refused \(times) (\(refused.code ?? "HTTP \(download.status)"))",
            address: download.clientAddress
        )
    }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(max(1, (bytes + 1023) / 1024)) KB"
    }

    /// Sends the browser to the request's live link, so the page itself never holds a token.
    @Sendable func download(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let id = try context.parameters.require("id")
        let details = try await found { try await tracking.details(of: id, for: session.signedIn.caller) }
        guard let offer = details.offer else { return Redirect.seeOther("/requests/\(id)") }
        return Redirect.seeOther("/d/\(offer.token)")
    }

    @Sendable func newLink(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let id = try context.parameters.require("id")
        _ = try await found { try await links.reissue(id, by: session.signedIn.caller) }
        return Redirect.seeOther("/requests/\(id)?done=link")
    }

    struct WithdrawPage: PageContent {
        var title = "Withdraw the download links"
        var session: PortalSession?
        var id: String
        var reference: String
    }

    @Sendable func confirmWithdrawal(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let id = try context.parameters.require("id")
        let details = try await found { try await tracking.details(of: id, for: session.signedIn.caller) }
        try access.authorise(session.signedIn.caller, .withdrawLinks(RequestOwner(details.request)))
        return renderer.render("withdraw", WithdrawPage(session: session, id: id, reference: Reference.text(id)))
    }

    @Sendable func withdraw(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let id = try context.parameters.require("id")
        _ = try await found { try await links.revoke(.request(id), by: session.signedIn.caller) }
        return Redirect.seeOther("/requests/\(id)?done=withdrawn")
    }

    /// Runs `body`, answering a request that is not the caller's to see as not found.
    private func found<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LinkServiceError {
            switch error {
            case .forbidden(let reason): throw AccessRefusal.forbidden(reason)
            case .noCopy: throw AccessRefusal.forbidden("This request has no copy to download yet.")
            default: throw HTTPError(.notFound)
            }
        }
    }
}

// Rows and options are looked up by name for every field, many to a page: answered by a
// switch rather than by `Mirror`, whose reflection was most of a page's time.
extension RequestPages.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "reference": reference
        case "candidate": candidate
        case "component": component
        case "series": series
        case "kind": kind
        case "status": status
        case "statusTag": statusTag
        case "requestedAt": requestedAt
        default: nil
        }
    }
}

extension RequestPages.Option: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}
