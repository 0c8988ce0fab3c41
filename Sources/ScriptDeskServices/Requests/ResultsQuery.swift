public import Foundation
public import ScriptDeskCore
public import ScriptDeskStore

/// A centre's results, one row per candidate and component: the exams officer's own centre,
/// or the one operations name.
public struct ResultsQuery: Sendable {
    let database: Database
    let access: AccessPolicy
    private let reference = ReferenceData()
    private let history = ResultHistory()

    /// Reads results from `database` for the centre `access` lets a caller see.
    public init(database: Database, access: AccessPolicy) {
        self.database = database
        self.access = access
    }

    /// The results of `series` at the centre `caller` sees (`asked`, or their own), narrowed
    /// by `filter`.
    public func results(
        series: String,
        centre asked: CentreNumber?,
        filter: ReferenceData.ResultFilter = .init(),
        page: Page,
        for caller: Caller
    ) async throws -> (
        centre: CentreNumber, page: PageOf<ResultListing>
    ) {
        let centre = try access.resultsCentre(for: caller, asked: asked)
        return (
            centre,
            try await database.read { try await reference.results(series: series, centre: centre, filter: filter, page: page, on: $0) }
        )
    }

    /// The series whose post-results services are in force at `now` (results out, scripts
    /// not yet purged), the latest first; when none is, the latest series alone.
    public func seriesInForce(at now: Date) async throws -> [Series] {
        let all = try await database.read { try await reference.allSeries(on: $0) }
        let current = all.filter { $0.calendar.resultsDay <= now && now <= $0.calendar.scriptRetentionEnd }
        return current.isEmpty ? Array(all.prefix(1)) : current
    }

    /// The centre numbered `number`, for its name.
    public func centre(_ number: CentreNumber) async throws -> Centre? {
        try await database.read { try await reference.centre(number, on: $0) }
    }

    /// Every component, by code, for choosing one.
    public func components() async throws -> [Component] {
        try await database.read { try await reference.components(on: $0) }
    }

    /// The series coded `code`, with its calendar.
    public func series(_ code: String) async throws -> Series? {
        try await database.read { try await reference.series(code, on: $0) }
    }

    /// Every revision of `candidate`'s results in `series` at the centre `caller` sees (their
    /// own, or `asked`), by component code, each component's first first.
    public func revisions(
        series: String,
        candidate: CandidateNumber,
        centre asked: CentreNumber?,
        for caller: Caller
    ) async throws -> [(component: String, revision: ResultRevision)] {
        let centre = try access.resultsCentre(for: caller, asked: asked)
        return try await database.read { try await history.revisions(series: series, centre: centre, candidate: candidate, on: $0) }
    }
}
