import Foundation
public import ScriptDeskCore
public import ScriptDeskQueue
public import ScriptDeskStore

/// Late certification: the subjects, which of a centre's candidates are eligible and why
/// the others are not, requests checked whole (every candidate accepted, or none), and
/// withdrawal before the award. The eligibility listing and a request ask the same rules
/// (`CertificationRules`) through one function, so a listing never says yes to what a
/// request would refuse. Each accepted request is awarded by a job (`CertificationAward`).
public struct CertificationDesk: Sendable {
    let database: Database
    let queue: any JobQueue
    let rules: CertificationPolicy
    let access: AccessPolicy
    let clock: WallClock
    private let reference = ReferenceData()
    private let subjects = Subjects()
    private let certifications = Certifications()

    /// The most candidates one request names.
    public static let requestLimit = 1_000

    /// Keeps requests in `database` under `rules`, for the callers `access` allows; each
    /// award runs as a job on `queue`.
    public init(database: Database, queue: any JobQueue, rules: CertificationPolicy, access: AccessPolicy, clock: WallClock) {
        self.database = database
        self.queue = queue
        self.rules = rules
        self.access = access
        self.clock = clock
    }

    /// Every subject with its components and weightings: reference data any caller may read.
    public func subjects() async throws -> [Subject] {
        try await database.read { try await subjects.all(on: $0) }
    }

    /// One candidate's answer: eligible (with the share of the assessment taken in the
    /// series) or the refusal a request would get.
    public struct Eligibility: Sendable {
        /// The candidate.
        public var candidate: Candidate
        /// The share of the assessment taken in the series, in percent, when eligible.
        public var share: Int?
        /// Why not, when not.
        public var refusal: CertificationRefusal?

        /// Whether a request for the candidate would be accepted now.
        public var eligible: Bool { refusal == nil }
    }

    /// For each candidate of the caller's centre, whether late certification in `subject`
    /// in `series` would be accepted now, and why not.
    public func eligibility(series code: String, subject subjectCode: String, for caller: Caller) async throws -> [Eligibility] {
        let centre = try requestingCentre(of: caller)
        let now = clock.now
        return try await database.read { db in
            let (series, subject) = try await seriesAndSubject(code, subjectCode, on: db)
            return try await assess(subject, in: series, centre: centre, candidates: nil, now: now, on: db)
        }
    }

    /// Checks every candidate of `submission` and, when all are accepted, records a request
    /// for each with the job that awards it, in one transaction; otherwise records nothing
    /// and lists each refusal.
    public func request(_ submission: CertificationSubmission, by caller: Caller) async throws -> [Certification] {
        let centre = try requestingCentre(of: caller)
        guard !submission.candidates.isEmpty else { throw CertificationError.noCandidates }
        guard submission.candidates.count <= Self.requestLimit else { throw CertificationError.tooMany(limit: Self.requestLimit) }
        let now = clock.now
        return try await database.transaction { db in
            let (series, subject) = try await seriesAndSubject(submission.series, submission.subject, on: db)
            var refusals: [CertificationError.Refusal] = []
            var numbers: [CandidateNumber] = []
            for given in submission.candidates {
                if let number = CandidateNumber(given), !numbers.contains(number) {
                    numbers.append(number)
                } else if CandidateNumber(given) == nil {
                    refusals.append(.init(candidate: given, IntakeError.unknownCandidate(given)))
                } else {
                    refusals.append(.init(candidate: given, CertificationError.duplicateCandidate(given)))
                }
            }
            let answers = try await assess(subject, in: series, centre: centre, candidates: Set(numbers), now: now, on: db)
            let known = Set(answers.map(\.candidate.number))
            for number in numbers where !known.contains(number) {
                refusals.append(.init(candidate: number.rawValue, IntakeError.unknownCandidate(number.rawValue)))
            }
            for answer in answers {
                if let refusal = answer.refusal { refusals.append(.init(candidate: answer.candidate.number.rawValue, refusal)) }
            }
            guard refusals.isEmpty else {
                let order = Dictionary(submission.candidates.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
                throw CertificationError.refused(refusals.sorted { (order[$0.candidate] ?? 0) < (order[$1.candidate] ?? 0) })
            }
            var accepted: [Certification] = []
            for number in numbers {
                let request = Certification(
                    id: UUID().uuidString.lowercased(),
                    series: series.code,
                    centre: centre,
                    candidate: number,
                    subject: subject.code,
                    requestedBy: caller.id,
                    status: .requested,
                    receivedAt: now,
                    feeInPence: rules.feeInPence
                )
                guard try await certifications.insert(request, on: db) else {
                    throw CertificationError.refused([
                        .init(candidate: number.rawValue, CertificationRefusal.alreadyCertificated(series: series.code))
                    ])
                }
                _ = try await queue.enqueue(CertificationAward.job(for: request), in: db, now: now)
                accepted.append(request)
            }
            return accepted
        }
    }

    /// One request, if `caller` may see it.
    public func details(of id: String, for caller: Caller) async throws -> Certification {
        try authorise(caller, .listEnquiries)
        let scope = access.enquiryScope(for: caller)
        guard let found = try await database.read({ try await certifications.find(id, scope: scope, on: $0) }) else {
            throw CertificationError.notFound(id)
        }
        return found
    }

    /// The requests `caller` may see, narrowed by `filter`, newest first.
    public func list(_ filter: Certifications.Filter = .init(), page: Page, for caller: Caller) async throws -> PageOf<Certification> {
        try authorise(caller, .listEnquiries)
        let scope = access.enquiryScope(for: caller)
        return try await database.read { try await certifications.list(scope: scope, filter: filter, page: page, on: $0) }
    }

    /// Withdraws a request not yet awarded; an awarded grade is final.
    public func withdraw(_ id: String, by caller: Caller) async throws -> Certification {
        let centre = try requestingCentre(of: caller)
        return try await database.transaction { db in
            guard let found = try await certifications.find(id, scope: .centre(centre), on: db) else {
                throw CertificationError.notFound(id)
            }
            switch found.status {
            case .awarded: throw CertificationError.final
            case .withdrawn: throw CertificationError.withdrawn
            case .requested: break
            }
            guard try await certifications.withdraw(id, on: db) else { throw CertificationError.final }
            var withdrawn = found
            withdrawn.status = .withdrawn
            return withdrawn
        }
    }

    /// The rules' answer for each candidate of `centre` (or only those in `candidates`):
    /// the one path both the listing and a request take.
    private func assess(
        _ subject: Subject,
        in series: Series,
        centre: CentreNumber,
        candidates: Set<CandidateNumber>?,
        now: Date,
        on db: StoreConnection
    ) async throws -> [Eligibility] {
        let certificated = try await certifications.certificated(subject: subject.code, centre: centre, on: db)
        let only = candidates.flatMap { $0.count == 1 ? $0.first : nil }
        let holdings = try await HeldMarks.load(subject, series: series.code, centre: centre, candidate: only, on: db)
        return holdings.compactMap { holding in
            if let candidates, !candidates.contains(holding.candidate.number) { return nil }
            let facts = CertificationRules.Facts(
                series: series.code,
                calendar: series.calendar,
                subject: subject,
                held: holding.held,
                certificatedIn: certificated[holding.candidate.number]
            )
            do throws(CertificationRefusal) {
                let share = try CertificationRules.decide(facts, policy: rules, now: now)
                return Eligibility(candidate: holding.candidate, share: share, refusal: nil)
            } catch {
                return Eligibility(candidate: holding.candidate, share: nil, refusal: error)
            }
        }
    }

    private func seriesAndSubject(_ code: String, _ subjectCode: String, on db: StoreConnection) async throws -> (Series, Subject) {
        guard let series = try await reference.series(code, on: db) else { throw IntakeError.unknownSeries(code) }
        guard let subject = try await subjects.find(subjectCode, on: db) else { throw CertificationError.unknownSubject(subjectCode) }
        return (series, subject)
    }

    /// The centre `caller` asks for, when the policy lets them ask at all.
    private func requestingCentre(of caller: Caller) throws(CertificationError) -> CentreNumber {
        try authorise(caller, .requestCertification(caller.centre))
        guard let centre = caller.centre else { throw .forbidden("Late certification is requested by the centre's exams officer.") }
        return centre
    }

    /// `action` authorised for `caller`.
    private func authorise(_ caller: Caller, _ action: AccessPolicy.Action) throws(CertificationError) {
        if let reason = access.refusal(of: caller, action) { throw .forbidden(reason) }
    }
}

/// What a centre asks for in a late certification request, as it arrives, before any check.
public struct CertificationSubmission: Sendable, Hashable {
    /// The series code, such as `2026-06`.
    public var series: String
    /// The subject code, such as `J560`.
    public var subject: String
    /// The candidate numbers as given.
    public var candidates: [String]

    /// A submission as it arrived.
    public init(series: String, subject: String, candidates: [String]) {
        self.series = series
        self.subject = subject
        self.candidates = candidates
    }
}
