public import ScriptDeskCore
public import ScriptDeskStore

/// A centre's results, one row per candidate and component: the exams officer's own centre,
/// or the one operations name.
public struct ResultsQuery: Sendable {
    let database: Database
    let access: AccessPolicy
    private let reference = ReferenceData()

    /// Reads results from `database` for the centre `access` lets a caller see.
    public init(database: Database, access: AccessPolicy) {
        self.database = database
        self.access = access
    }

    /// The results of `series` at the centre `caller` sees (`asked`, or their own).
    public func results(
        series: String,
        centre asked: CentreNumber?,
        page: Page,
        for caller: Caller
    ) async throws -> (
        centre: CentreNumber, page: PageOf<ResultListing>
    ) {
        let centre = try access.resultsCentre(for: caller, asked: asked)
        return (centre, try await database.read { try await reference.results(series: series, centre: centre, page: page, on: $0) })
    }
}
