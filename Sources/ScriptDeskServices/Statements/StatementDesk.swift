import Foundation
public import ScriptDeskCore
public import ScriptDeskDelivery
public import ScriptDeskQueue
public import ScriptDeskStore

/// A candidate's statements of results for a series as the centre sees them: the current
/// one and every earlier revision, each published one offered through a signed, expiring
/// link (`/s/{token}`) issued for the caller. A candidate with no statement yet has the
/// statement of their results as issued made the first time it is asked for.
public struct StatementDesk: Sendable {
    let database: Database
    let queue: any JobQueue
    let signer: LinkSigner
    let rules: Policy
    let access: AccessPolicy
    let clock: WallClock
    private let statements = Statements()
    private let reference = ReferenceData()

    /// Offers statements kept in `database` through links signed by `signer`, living as
    /// `rules` gives a teaching copy's, to the callers `access` allows; a first statement is
    /// made by a job on `queue`.
    public init(database: Database, queue: any JobQueue, signer: LinkSigner, rules: Policy, access: AccessPolicy, clock: WallClock) {
        self.database = database
        self.queue = queue
        self.signer = signer
        self.rules = rules
        self.access = access
        self.clock = clock
    }

    /// One statement and, once published, the link that opens it.
    public struct Offered: Sendable {
        /// The statement.
        public var statement: Statement
        /// Its link, once published.
        public var link: DownloadLink?
        /// The token for `/s/{token}`, once published; never stored.
        public var token: String?
    }

    /// Every statement of `candidate` (of the caller's centre, or of `centre` for operations)
    /// in `series`, newest first, each published one with a link (its newest while that has
    /// more than half its life left, a new one otherwise); none while the first is being made.
    public func statements(series: String, candidate number: String, centre asked: CentreNumber? = nil, for caller: Caller) async throws -> [Offered]
    {
        let centre = try access.resultsCentre(for: caller, asked: asked)
        guard let candidate = CandidateNumber(number) else { throw StatementError.unknownCandidate(number) }
        let now = clock.now
        let lifetime = rules.linkLifetime(for: .nonPriority)
        let keyID = signer.keyring.current.id
        let offered = try await database.transaction { db -> [(Statement, DownloadLink?)] in
            guard try await reference.series(series, on: db) != nil else { throw IntakeError.unknownSeries(series) }
            guard try await reference.candidate(candidate, of: centre, on: db) != nil else {
                throw StatementError.unknownCandidate(candidate.rawValue)
            }
            let revisions = try await statements.revisions(series: series, centre: centre, candidate: candidate, on: db)
            if revisions.isEmpty {
                let job = try StatementIssue.job(series: series, centre: centre, candidate: candidate, cause: .issued, causeID: series)
                _ = try await queue.enqueue(job, in: db, now: now)
            }
            let newest = try await statements.newestLinks(of: revisions.map(\.id), on: db)
            var offered: [(Statement, DownloadLink?)] = []
            for statement in revisions {
                guard let published = statement.published else {
                    offered.append((statement, nil))
                    continue
                }
                // A link with more than half its life left, signed by the current key, is
                // offered again: looking at a statement does not mint a link each time.
                if let link = newest[statement.id], link.keyID == keyID, link.expiresAt > now.addingTimeInterval(lifetime / 2) {
                    offered.append((statement, link))
                    continue
                }
                let link = DownloadLink(
                    id: LinkSigner.newLinkID(),
                    purpose: .statement,
                    requestID: statement.id,
                    keyID: keyID,
                    objectID: published.objectID,
                    contentSHA256: published.sha256,
                    fileName: statement.fileName,
                    audience: centre,
                    notBefore: now,
                    expiresAt: now.addingTimeInterval(lifetime),
                    createdAt: now
                )
                try await statements.insert(link, on: db)
                offered.append((statement, link))
            }
            return offered
        }
        return try offered.map { statement, link in
            Offered(statement: statement, link: link, token: try link.map { try signer.token(for: $0) })
        }
    }

    /// A results-day run: enqueues the statement as issued for every candidate with a result
    /// in `series` (at `centre` only, when given), a thousand to a transaction; a candidate
    /// whose statement as issued is made or on its way already is not asked twice. Returns
    /// how many candidates were asked for. Operations only.
    public func issue(series: String, centre: CentreNumber? = nil, by caller: Caller) async throws -> Int {
        if let reason = access.refusal(of: caller, .operateQueue) { throw StatementError.forbidden(reason) }
        let now = clock.now
        let candidates = try await database.read { db in
            guard try await reference.series(series, on: db) != nil else { throw IntakeError.unknownSeries(series) }
            return try await statements.candidates(withResultsIn: series, centre: centre, on: db)
        }
        var start = 0
        while start < candidates.count {
            let batch = Array(candidates[start..<min(start + 1_000, candidates.count)])
            try await database.transaction { db in
                try await StatementIssue.issue(series: series, candidates: batch, queue: queue, in: db, now: now)
            }
            start += batch.count
        }
        return candidates.count
    }
}
