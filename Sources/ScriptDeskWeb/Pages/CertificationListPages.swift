import Foundation
import Hummingbird
import Mustache
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

/// `/certifications`: the centre's late certification requests as a table (candidate,
/// subject, series, status with the grade once awarded, received), filtered by series and
/// status, in pages; and `/certifications/{id}/withdraw`, a confirmation before a request
/// still waiting for its grade is withdrawn. Whether it may be withdrawn is the desk's
/// answer: a grade awarded meanwhile comes back as `certification.final`, in its words.
/// Another centre's request is the desk's "not found", answered as the 404 page.
struct CertificationListPages<Context: PortalRequestContext> {
    let desk: CertificationDesk
    let results: ResultsQuery
    let access: AccessPolicy
    let clock: WallClock
    let renderer: PageRenderer

    /// Rows per page of the table.
    static var pageSize: Int { 25 }

    typealias Option = RequestPages<Context>.Option
    typealias ErrorItem = RequestCopyPages<Context>.ErrorItem

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("certifications", use: list)
        pages.get("certifications/{id}/withdraw", use: confirmWithdrawal)
        pages.post("certifications/{id}/withdraw", use: withdraw)
    }

    struct ListPage: PageContent {
        var title = "Certification requests"
        var session: PortalSession?
        var notice: String?
        var rows: [Row]
        var hasRows: Bool
        var filtered: Bool
        var canRequest: Bool
        var seriesOptions: [Option]
        var statuses: [Option]
        var pagination: Pagination
    }

    struct Row {
        var id: String
        var candidate: String
        var name: String
        var subject: String
        var subjectName: String
        var series: String
        var status: String
        var statusTag: String
        var received: String
        var canWithdraw: Bool
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let caller = session.signedIn.caller
        let query = request.uri.queryParameters
        let series = query["series"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let status = query["status"].flatMap { Certification.Status(rawValue: String($0)) }
        let number = max(1, query["page"].flatMap { Int(String($0)) } ?? 1)
        let found = try await Self.visible {
            try await desk.list(
                .init(series: series, status: status),
                page: Page(limit: Self.pageSize, offset: (number - 1) * Self.pageSize),
                for: caller
            )
        }
        let subjects = try await desk.subjects()
        let mayRequest = access.decide(caller, .requestCertification(caller.centre)) == .allowed
        var kept: [String: String] = [:]
        if let series { kept["series"] = series }
        if let status { kept["status"] = status.rawValue }
        let page = ListPage(
            session: session,
            notice: request.uri.queryParameters["done"] == "withdrawn" ? "The certification request has been withdrawn." : nil,
            rows: found.items.map { Self.row($0, subjects: subjects, mayWithdraw: mayRequest) },
            hasRows: !found.items.isEmpty,
            filtered: !kept.isEmpty,
            canRequest: mayRequest,
            seriesOptions: try await results.seriesInForce(at: clock.now).map { .init(value: $0.code, label: $0.name, selected: $0.code == series) },
            statuses: Certification.Status.allCases.map { .init(value: $0.rawValue, label: CertificationNames.status($0), selected: $0 == status) },
            pagination: Pagination(path: "/certifications", query: kept, page: number, pageSize: Self.pageSize, total: found.total)
        )
        return renderer.render("certifications", page)
    }

    /// A request as a row: "Withdraw" offered while it waits for its grade, to those who may
    /// withdraw (`mayWithdraw`); the desk decides when it is asked.
    static func row(_ request: Certification, subjects: [Subject], name: String? = nil, mayWithdraw: Bool = false) -> Row {
        Row(
            id: request.id,
            candidate: request.candidate.rawValue,
            name: name ?? "",
            subject: request.subject,
            subjectName: subjects.first { $0.code == request.subject }?.displayName ?? request.subject,
            series: request.series,
            status: CertificationNames.status(request),
            statusTag: CertificationNames.style(request.status),
            received: UKTime.date(request.receivedAt),
            canWithdraw: mayWithdraw && request.status == .requested
        )
    }

    struct WithdrawPage: PageContent {
        var title: String
        var session: PortalSession?
        var row: Row
        var errors: [ErrorItem]
        var hasErrors: Bool
    }

    @Sendable func confirmWithdrawal(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let caller = session.signedIn.caller
        let found = try await Self.visible { try await desk.details(of: try context.parameters.require("id"), for: caller) }
        try access.authorise(caller, .requestCertification(found.centre))
        return try await withdrawal(found, errors: [], session: session)
    }

    @Sendable func withdraw(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let caller = session.signedIn.caller
        let id = try context.parameters.require("id")
        do {
            _ = try await Self.visible { try await desk.withdraw(id, by: caller) }
            return Redirect.seeOther("/certifications?done=withdrawn")
        } catch let error as CertificationError {
            // Awarded (final) or withdrawn meanwhile: said in the desk's words, nothing changed.
            let found = try await Self.visible { try await desk.details(of: id, for: caller) }
            let errors = [ErrorItem(field: "status", message: error.message)]
            return try await withdrawal(found, errors: errors, session: session, status: .conflict)
        }
    }

    private func withdrawal(
        _ found: Certification,
        errors: [ErrorItem],
        session: PortalSession,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let row = Self.row(found, subjects: try await desk.subjects(), mayWithdraw: true)
        let title = row.canWithdraw ? "Withdraw the certification request?" : "Certification request for candidate \(row.candidate)"
        let page = WithdrawPage(
            title: (errors.isEmpty ? "" : "Error: ") + title,
            session: session,
            row: row,
            errors: errors,
            hasErrors: !errors.isEmpty
        )
        return renderer.render("certification-withdraw", page, status: status)
    }

    /// Runs `body`, answering a request that is not the caller's to see as not found and a
    /// role that may not do it as forbidden, as the pages show refusals.
    static func visible<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CertificationError {
            switch error {
            case .forbidden(let reason): throw AccessRefusal.forbidden(reason)
            case .notFound: throw HTTPError(.notFound)
            default: throw error
            }
        }
    }
}

/// How late certification's statuses are named on the pages.
enum CertificationNames {
    /// "Requested", "Awarded", "Withdrawn".
    static func status(_ status: Certification.Status) -> String {
        switch status {
        case .requested: "Requested"
        case .awarded: "Awarded"
        case .withdrawn: "Withdrawn"
        }
    }

    /// A request's status with its grade once awarded: "Awarded, grade 6".
    static func status(_ request: Certification) -> String {
        guard request.status == .awarded, let award = request.award else { return status(request.status) }
        return "Awarded, grade \(award.grade)"
    }

    /// The tag colour of a status.
    static func style(_ status: Certification.Status) -> String {
        switch status {
        case .requested: "tag--blue"
        case .awarded: "tag--green"
        case .withdrawn: "tag--grey"
        }
    }
}

// Rows are looked up by name for every field, many to a page: answered by a switch rather
// than by `Mirror`.
extension CertificationListPages.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "candidate": candidate
        case "name": self.name
        case "subject": subject
        case "subjectName": subjectName
        case "series": series
        case "status": status
        case "statusTag": statusTag
        case "received": received
        case "canWithdraw": canWithdraw
        default: nil
        }
    }
}
