import Foundation
import ScriptDeskCore
import ScriptDeskPDF
import ScriptDeskQueue
import ScriptDeskStore

/// The reference data a script copy is made from.
struct CopySources: Sendable {
    var script: Script
    var series: Series
    var component: Component
    var centre: Centre
    var candidate: Candidate
}

extension ScriptCopyJob {
    /// Loads the script and everything the cover sheet names.
    func loadSources(of request: ScriptRequest) async throws -> CopySources {
        let reference = ReferenceData()
        return try await database.read { db in
            guard
                let script = try await reference.script(
                    series: request.series,
                    centre: request.centre,
                    candidate: request.candidate,
                    component: request.component,
                    on: db
                )
            else { throw JobFailure.missing("The script for request \(request.id)") }
            guard let series = try await reference.series(request.series, on: db) else { throw JobFailure.missing("Series \(request.series)") }
            guard let component = try await reference.component(request.component, on: db) else {
                throw JobFailure.missing("Component \(request.component)")
            }
            guard let centre = try await reference.centre(request.centre, on: db) else { throw JobFailure.missing("Centre \(request.centre)") }
            guard let candidate = try await reference.candidate(request.candidate, of: request.centre, on: db) else {
                throw JobFailure.missing("Candidate \(request.candidate)")
            }
            return CopySources(script: script, series: series, component: component, centre: centre, candidate: candidate)
        }
    }
}

extension CoverSheet {
    /// The cover of a request's copy. An anonymised copy names no candidate, is known by
    /// `anonymousReference` rather than its request's id, and carries the day it was asked
    /// for, not the moment (which the centre's own list of requests would match).
    init(request: ScriptRequest, sources: CopySources, pageCount: Int, anonymousReference: String?) {
        self.init(
            copyLabel: request.kind.label,
            purpose: request.kind == .priority
                ? "Issued so the centre can decide whether to request a review. Keep it confidential."
                : "Issued for teaching purposes with the candidate's consent. Keep it confidential.",
            centre: "\(sources.centre.number) \(sources.centre.name)",
            candidate: request.isAnonymised ? nil : "\(sources.candidate.number) \(sources.candidate.name)",
            component: "\(sources.component.code) \(sources.component.title) (\(sources.component.qualification.displayName))",
            series: "\(sources.series.name) (\(sources.series.code))",
            reference: request.isAnonymised ? anonymousReference ?? "ANON" : request.id,
            issuedAt: request.isAnonymised ? Self.day(of: request.createdAt) : request.createdAt,
            scannedPageCount: pageCount
        )
    }

    /// Midnight UTC of the day of `date`.
    private static func day(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }
}
