/// Who may do what to which object: one pure decision that every route, page and command
/// asks, so no controller checks a role or a centre itself.
///
/// A refusal says *not found* when the object belongs to another centre (so another
/// centre's requests, links and results are indistinguishable from none) and *forbidden*
/// when the caller's role may not do the thing at all.
public struct AccessPolicy: Sendable, Hashable {
    /// The policy; it holds no settings, so every value decides alike.
    public init() {}

    /// What a caller wants to do.
    public enum Action: Sendable, Hashable {
        /// Ask for a new script copy of `kind` for the caller's own centre.
        case requestCopy(ScriptCopyKind)
        /// See a script request (`nil`: one that does not exist): its status, timeline and
        /// download details; list it; put its copy in a bundle; issue a new link to its copy.
        case viewRequest(RequestOwner?)
        /// Withdraw the download links of one request (`nil`: one that does not exist).
        case withdrawLinks(RequestOwner?)
        /// Withdraw every link and bundle of a centre, or one bundle of it.
        case withdrawCentreLinks(CentreNumber)
        /// See a centre's results.
        case viewResults(CentreNumber)
        /// Watch the job queue on the console and read the metrics.
        case watchQueue
        /// Steer the job queue: retry, cancel, pause and resume lanes, change concurrency.
        case operateQueue
        /// Issue, list and revoke API tokens, for any centre and role.
        case manageTokens
        /// Add, list and disable the people who sign in, and lift a pause on their sign-ins.
        case managePeople
        /// Make an enquiry about a result of `centre`'s candidates, or of its cohort (`nil`:
        /// a caller with no centre on record).
        case makeEnquiry(CentreNumber?)
        /// See the enquiries of `centre` (`nil`: one that does not exist).
        case viewEnquiries(CentreNumber?)
        /// List enquiries, as many as `enquiryScope` holds.
        case listEnquiries
        /// Record enquiries' outcomes and appeals' decisions.
        case decideEnquiries
        /// Appeal an enquiry's outcome for `centre`'s candidate (`nil`: an enquiry that does
        /// not exist), where the policy has only the head of centre appeal or not.
        case makeAppeal(CentreNumber?, headOfCentreOnly: Bool)
        /// Ask for late certification of `centre`'s candidates, or see which are eligible
        /// (`nil`: a caller with no centre on record).
        case requestCertification(CentreNumber?)
    }

    /// The answer.
    public enum Decision: Sendable, Hashable {
        case allowed
        /// The object is another centre's: answer as if it did not exist.
        case notFound
        /// The caller's role may not do this; the reason says who may.
        case forbidden(String)
    }

    /// The decision on `action` for `caller`.
    public func decide(_ caller: Caller, _ action: Action) -> Decision {
        switch action {
        case .requestCopy(let kind):
            return requestCopy(kind, by: caller)
        case .viewRequest(let owner):
            return owner.map { requestScope(for: caller).contains($0) } == true ? .allowed : .notFound
        case .withdrawLinks(let owner):
            // Refused by role before anything is looked at, so the answer says nothing of
            // whether the request exists.
            guard Self.withdrawers.contains(caller.role) else { return .forbidden(Self.withdrawersOnly) }
            return owner.map { requestScope(for: caller).contains($0) } == true ? .allowed : .notFound
        case .withdrawCentreLinks(let centre):
            guard Self.withdrawers.contains(caller.role) else { return .forbidden(Self.withdrawersOnly) }
            return requestScope(for: caller).coversWholly(centre) ? .allowed : .notFound
        case .viewResults(let centre):
            switch caller.role {
            case .teacher: return .forbidden("Results are available to the centre's exams officer.")
            case .examsOfficer, .headOfCentre: return caller.centre == centre ? .allowed : .notFound
            case .operations, .administrator, .observer: return .allowed
            }
        case .watchQueue:
            return caller.role.isCentreRole ? .forbidden(Self.queueForOperations) : .allowed
        case .operateQueue:
            if caller.role.isCentreRole { return .forbidden(Self.queueForOperations) }
            return caller.role.isOperator ? .allowed : .forbidden("Your account watches the queue; operations staff change it.")
        case .manageTokens:
            return caller.role.isOperator ? .allowed : .forbidden("API tokens are issued and revoked by operations staff.")
        case .managePeople:
            return caller.role.isOperator ? .allowed : .forbidden("People are added and disabled by operations staff.")
        case .makeEnquiry(let centre):
            guard caller.role == .examsOfficer else { return .forbidden(Self.enquiriesByExamsOfficers) }
            return centre != nil && caller.centre == centre ? .allowed : .notFound
        case .requestCertification(let centre):
            guard caller.role == .examsOfficer else { return .forbidden("Late certification is requested by the centre's exams officer.") }
            return centre != nil && caller.centre == centre ? .allowed : .notFound
        case .viewEnquiries(let centre):
            guard caller.role != .teacher else { return .forbidden(Self.enquiriesByExamsOfficers) }
            return centre.map { enquiryScope(for: caller).contains($0) } == true ? .allowed : .notFound
        case .listEnquiries:
            return caller.role == .teacher ? .forbidden(Self.enquiriesByExamsOfficers) : .allowed
        case .decideEnquiries:
            return caller.role.isOperator ? .allowed : .forbidden("Enquiries' outcomes are recorded by operations staff.")
        case .makeAppeal(let centre, let headOfCentreOnly):
            switch caller.role {
            case .headOfCentre: break
            case .examsOfficer where !headOfCentreOnly: break
            case .examsOfficer: return .forbidden("Appeals are made by the head of centre.")
            default: return .forbidden(headOfCentreOnly ? "Appeals are made by the head of centre." : Self.appealsByCentres)
            }
            return centre != nil && caller.centre == centre ? .allowed : .notFound
        }
    }

    /// The centres whose enquiries `caller` may see: the same answer as `viewEnquiries`, as a
    /// filter for queries over many enquiries.
    public func enquiryScope(for caller: Caller) -> CentreScope {
        switch (caller.role, caller.centre) {
        case (.operations, _), (.administrator, _), (.observer, _): .everyCentre
        case (.examsOfficer, let centre?), (.headOfCentre, let centre?): .centre(centre)
        case (.examsOfficer, nil), (.headOfCentre, nil), (.teacher, _): .nothing
        }
    }

    /// Why `caller` may not do `action`, or `nil` when they may: for actions that refuse by
    /// role alone, whose not-found answer (none, for those) is given in words all the same.
    public func refusal(of caller: Caller, _ action: Action) -> String? {
        switch decide(caller, action) {
        case .allowed: nil
        case .forbidden(let reason): reason
        case .notFound: AccessRefusal.notFound.message
        }
    }

    /// `decide`, as a throwing check.
    public func authorise(_ caller: Caller, _ action: Action) throws(AccessRefusal) {
        switch decide(caller, action) {
        case .allowed: return
        case .notFound: throw .notFound
        case .forbidden(let reason): throw .forbidden(reason)
        }
    }

    /// The script requests `caller` may see: the same answer as `viewRequest`, as a filter
    /// for queries over many requests.
    public func requestScope(for caller: Caller) -> RequestScope {
        switch (caller.role, caller.centre) {
        case (.operations, _), (.administrator, _), (.observer, _): .everyCentre
        case (.examsOfficer, let centre?), (.headOfCentre, let centre?): .centre(centre, kinds: Set(ScriptCopyKind.allCases))
        case (.teacher, let centre?): .centre(centre, kinds: [.nonPriority], subjects: caller.subjects)
        case (.examsOfficer, nil), (.headOfCentre, nil), (.teacher, nil): .nothing
        }
    }

    /// Who makes appeals where an exams officer may, as a refusal says it.
    private static let appealsByCentres = "Appeals are made by the centre's exams officer or head of centre."

    /// Who makes and follows enquiries, as a refusal says it.
    public static let enquiriesByExamsOfficers = "Enquiries about results are made and followed by the centre's exams officer."

    /// The centre whose results `caller` sees when they name `asked` (or none): always their
    /// own for a centre role, whatever they name; the one named for operations, who must name one.
    public func resultsCentre(for caller: Caller, asked: CentreNumber?) throws(AccessRefusal) -> CentreNumber {
        guard let centre = caller.role.isCentreRole ? caller.centre : asked else {
            throw caller.role.isCentreRole ? .notFound : .centreRequired
        }
        try authorise(caller, .viewResults(centre))
        return centre
    }

    /// The centre a copy of `kind` of `component` that `caller` asks for is requested for:
    /// their own, once the policy allows them to ask (a teacher with subjects, for one of them).
    public func requestingCentre(for caller: Caller, kind: ScriptCopyKind, component: String) throws(AccessRefusal) -> CentreNumber {
        try authorise(caller, .requestCopy(kind))
        guard let centre = caller.centre else { throw .forbidden(Self.requestersOnly) }
        if let subjects = caller.subjects, !subjects.contains(component) {
            throw .forbidden(
                subjects.isEmpty
                    ? "Your subjects on record cover no component, so you may request no copies; ask operations to correct them."
                    : "You may request copies of your own subjects only (\(subjects.sorted().joined(separator: ", ")))."
            )
        }
        return centre
    }

    private func requestCopy(_ kind: ScriptCopyKind, by caller: Caller) -> Decision {
        switch (caller.role, caller.centre) {
        case (.examsOfficer, _?): .allowed
        case (.teacher, _?) where kind == .nonPriority: .allowed
        case (.teacher, _?):
            .forbidden("Teachers may request copies for teaching only; priority copies are requested by the exams officer.")
        default:
            .forbidden(Self.requestersOnly)
        }
    }

    private static let requestersOnly = "Only a centre's exams officer (or a teacher, for teaching copies) may request script copies."

    private static let queueForOperations = "The job queue and its metrics are for operations staff."

    /// The roles that may withdraw download links.
    private static let withdrawers: Set<Role> = [.examsOfficer, .operations, .administrator]

    private static let withdrawersOnly = "Only the centre's exams officer or operations can withdraw download links."
}
