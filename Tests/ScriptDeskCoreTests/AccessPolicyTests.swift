import Testing

@testable import ScriptDeskCore

/// Every caller against every action, at every edge: own and other centre, each kind of
/// copy, each role, and a centre role with no centre on record.
@Suite struct AccessPolicyTests {
    static let policy = AccessPolicy()
    static let home = CentreNumber("12345")!
    static let away = CentreNumber("23456")!

    static let officer = Caller(id: "eo", role: .examsOfficer, centre: home)
    static let teacher = Caller(id: "t", role: .teacher, centre: home)
    static let operations = Caller(id: "ops", role: .operations, centre: nil)
    static let administrator = Caller(id: "admin", role: .administrator, centre: nil)
    static let observer = Caller(id: "observer", role: .observer, centre: nil)
    static let homeless = Caller(id: "lost", role: .examsOfficer, centre: nil)
    static let head = Caller(id: "head", role: .headOfCentre, centre: home)

    /// One row: who, what, and the answer (`ok`, `404`, `403`).
    struct Row: Sendable, CustomStringConvertible {
        var caller: Caller
        var action: AccessPolicy.Action
        var expected: String
        var description: String { "\(caller.id) \(action) → \(expected)" }
    }

    static func verdict(_ decision: AccessPolicy.Decision) -> String {
        switch decision {
        case .allowed: "ok"
        case .notFound: "404"
        case .forbidden: "403"
        }
    }

    static let rows: [Row] = [
        // Asking for copies: the exams officer any kind, a teacher teaching copies only, nobody without a centre.
        Row(caller: officer, action: .requestCopy(.priority), expected: "ok"),
        Row(caller: officer, action: .requestCopy(.nonPriority), expected: "ok"),
        Row(caller: teacher, action: .requestCopy(.nonPriority), expected: "ok"),
        Row(caller: teacher, action: .requestCopy(.priority), expected: "403"),
        Row(caller: operations, action: .requestCopy(.priority), expected: "403"),
        Row(caller: administrator, action: .requestCopy(.nonPriority), expected: "403"),
        Row(caller: homeless, action: .requestCopy(.priority), expected: "403"),
        // Seeing a request: own centre (a teacher only teaching copies), never another's.
        Row(caller: officer, action: .viewRequest(RequestOwner(centre: home, kind: .priority)), expected: "ok"),
        Row(caller: officer, action: .viewRequest(RequestOwner(centre: away, kind: .priority)), expected: "404"),
        Row(caller: teacher, action: .viewRequest(RequestOwner(centre: home, kind: .nonPriority)), expected: "ok"),
        Row(caller: teacher, action: .viewRequest(RequestOwner(centre: home, kind: .priority)), expected: "404"),
        Row(caller: teacher, action: .viewRequest(RequestOwner(centre: away, kind: .nonPriority)), expected: "404"),
        Row(caller: operations, action: .viewRequest(RequestOwner(centre: away, kind: .priority)), expected: "ok"),
        Row(caller: administrator, action: .viewRequest(RequestOwner(centre: home, kind: .nonPriority)), expected: "ok"),
        Row(caller: homeless, action: .viewRequest(RequestOwner(centre: home, kind: .priority)), expected: "404"),
        // Withdrawing one request's links: not for teachers at all.
        Row(caller: officer, action: .withdrawLinks(RequestOwner(centre: home, kind: .nonPriority)), expected: "ok"),
        Row(caller: officer, action: .withdrawLinks(RequestOwner(centre: away, kind: .priority)), expected: "404"),
        Row(caller: teacher, action: .withdrawLinks(RequestOwner(centre: home, kind: .nonPriority)), expected: "403"),
        Row(caller: teacher, action: .withdrawLinks(RequestOwner(centre: away, kind: .nonPriority)), expected: "403"),
        Row(caller: operations, action: .withdrawLinks(RequestOwner(centre: away, kind: .priority)), expected: "ok"),
        Row(caller: homeless, action: .withdrawLinks(RequestOwner(centre: home, kind: .priority)), expected: "404"),
        // Nothing there: not found, except that a teacher may not withdraw links at all.
        Row(caller: officer, action: .viewRequest(nil), expected: "404"),
        Row(caller: operations, action: .viewRequest(nil), expected: "404"),
        Row(caller: officer, action: .withdrawLinks(nil), expected: "404"),
        Row(caller: teacher, action: .withdrawLinks(nil), expected: "403"),
        // Withdrawing a whole centre's links.
        Row(caller: officer, action: .withdrawCentreLinks(home), expected: "ok"),
        Row(caller: officer, action: .withdrawCentreLinks(away), expected: "404"),
        Row(caller: teacher, action: .withdrawCentreLinks(home), expected: "403"),
        Row(caller: administrator, action: .withdrawCentreLinks(away), expected: "ok"),
        Row(caller: homeless, action: .withdrawCentreLinks(home), expected: "404"),
        // Results: the exams officer's own centre, any centre for operations, never a teacher.
        Row(caller: officer, action: .viewResults(home), expected: "ok"),
        Row(caller: officer, action: .viewResults(away), expected: "404"),
        Row(caller: teacher, action: .viewResults(home), expected: "403"),
        Row(caller: operations, action: .viewResults(away), expected: "ok"),
        Row(caller: homeless, action: .viewResults(home), expected: "404"),
        // The queue: operations, administrators and observers watch it; observers change nothing.
        Row(caller: operations, action: .watchQueue, expected: "ok"),
        Row(caller: administrator, action: .watchQueue, expected: "ok"),
        Row(caller: observer, action: .watchQueue, expected: "ok"),
        Row(caller: officer, action: .watchQueue, expected: "403"),
        Row(caller: teacher, action: .watchQueue, expected: "403"),
        Row(caller: operations, action: .operateQueue, expected: "ok"),
        Row(caller: administrator, action: .operateQueue, expected: "ok"),
        Row(caller: observer, action: .operateQueue, expected: "403"),
        Row(caller: officer, action: .operateQueue, expected: "403"),
        Row(caller: teacher, action: .operateQueue, expected: "403"),
        // An observer looks up any centre's requests and results, and withdraws and issues nothing.
        Row(caller: observer, action: .viewRequest(RequestOwner(centre: away, kind: .priority)), expected: "ok"),
        Row(caller: observer, action: .viewResults(away), expected: "ok"),
        Row(caller: observer, action: .withdrawLinks(RequestOwner(centre: away, kind: .priority)), expected: "403"),
        Row(caller: observer, action: .withdrawCentreLinks(away), expected: "403"),
        Row(caller: observer, action: .requestCopy(.priority), expected: "403"),
        Row(caller: observer, action: .manageTokens, expected: "403"),
        Row(caller: observer, action: .managePeople, expected: "403"),
        // API tokens: operations and administrators only.
        Row(caller: operations, action: .manageTokens, expected: "ok"),
        Row(caller: administrator, action: .manageTokens, expected: "ok"),
        Row(caller: officer, action: .manageTokens, expected: "403"),
        Row(caller: teacher, action: .manageTokens, expected: "403"),
        // Enquiries: made by the centre's exams officer for their own centre only; seen by
        // them and by operations and observers; outcomes recorded by operations only.
        Row(caller: officer, action: .makeEnquiry(home), expected: "ok"),
        Row(caller: officer, action: .makeEnquiry(away), expected: "404"),
        Row(caller: teacher, action: .makeEnquiry(home), expected: "403"),
        Row(caller: operations, action: .makeEnquiry(home), expected: "403"),
        Row(caller: observer, action: .makeEnquiry(home), expected: "403"),
        Row(caller: officer, action: .requestCertification(home), expected: "ok"),
        Row(caller: officer, action: .requestCertification(away), expected: "404"),
        Row(caller: officer, action: .requestCertification(nil), expected: "404"),
        Row(caller: teacher, action: .requestCertification(home), expected: "403"),
        Row(caller: operations, action: .requestCertification(home), expected: "403"),
        Row(caller: homeless, action: .makeEnquiry(home), expected: "404"),
        Row(caller: homeless, action: .makeEnquiry(nil), expected: "404"),
        Row(caller: operations, action: .makeEnquiry(nil), expected: "403"),
        Row(caller: officer, action: .viewEnquiries(home), expected: "ok"),
        Row(caller: officer, action: .viewEnquiries(away), expected: "404"),
        Row(caller: officer, action: .viewEnquiries(nil), expected: "404"),
        Row(caller: teacher, action: .viewEnquiries(home), expected: "403"),
        Row(caller: operations, action: .viewEnquiries(away), expected: "ok"),
        Row(caller: observer, action: .viewEnquiries(away), expected: "ok"),
        Row(caller: homeless, action: .viewEnquiries(home), expected: "404"),
        Row(caller: officer, action: .listEnquiries, expected: "ok"),
        Row(caller: teacher, action: .listEnquiries, expected: "403"),
        Row(caller: observer, action: .listEnquiries, expected: "ok"),
        Row(caller: homeless, action: .listEnquiries, expected: "ok"),
        Row(caller: operations, action: .decideEnquiries, expected: "ok"),
        Row(caller: administrator, action: .decideEnquiries, expected: "ok"),
        Row(caller: observer, action: .decideEnquiries, expected: "403"),
        Row(caller: officer, action: .decideEnquiries, expected: "403"),
        Row(caller: head, action: .decideEnquiries, expected: "403"),
        // The head of centre sees what the exams officer sees and changes nothing.
        Row(caller: head, action: .viewResults(home), expected: "ok"),
        Row(caller: head, action: .viewResults(away), expected: "404"),
        Row(caller: head, action: .viewEnquiries(home), expected: "ok"),
        Row(caller: head, action: .viewEnquiries(away), expected: "404"),
        Row(caller: head, action: .listEnquiries, expected: "ok"),
        Row(caller: head, action: .makeEnquiry(home), expected: "403"),
        Row(caller: head, action: .requestCopy(.priority), expected: "403"),
        Row(caller: head, action: .withdrawCentreLinks(home), expected: "403"),
        Row(caller: head, action: .watchQueue, expected: "403"),
        // Appeals: the exams officer or the head of centre, or only the head where the policy says so.
        Row(caller: officer, action: .makeAppeal(home, headOfCentreOnly: false), expected: "ok"),
        Row(caller: officer, action: .makeAppeal(home, headOfCentreOnly: true), expected: "403"),
        Row(caller: officer, action: .makeAppeal(away, headOfCentreOnly: false), expected: "404"),
        Row(caller: officer, action: .makeAppeal(nil, headOfCentreOnly: false), expected: "404"),
        Row(caller: head, action: .makeAppeal(home, headOfCentreOnly: true), expected: "ok"),
        Row(caller: head, action: .makeAppeal(home, headOfCentreOnly: false), expected: "ok"),
        Row(caller: head, action: .makeAppeal(away, headOfCentreOnly: true), expected: "404"),
        Row(caller: teacher, action: .makeAppeal(home, headOfCentreOnly: false), expected: "403"),
        Row(caller: operations, action: .makeAppeal(home, headOfCentreOnly: false), expected: "403"),
        Row(caller: observer, action: .makeAppeal(home, headOfCentreOnly: true), expected: "403"),
        Row(caller: homeless, action: .makeAppeal(home, headOfCentreOnly: false), expected: "404"),
    ]

    @Test(arguments: rows) func eachCallerGetsItsAnswer(row: Row) {
        #expect(Self.verdict(Self.policy.decide(row.caller, row.action)) == row.expected)
    }

    @Test(arguments: rows) func aRefusalIsGivenInWordsExactlyWhenDecideRefuses(row: Row) {
        let refusal = Self.policy.refusal(of: row.caller, row.action)
        #expect((refusal == nil) == (row.expected == "ok"))
        if case .forbidden(let reason) = Self.policy.decide(row.caller, row.action) { #expect(refusal == reason) }
    }

    @Test(arguments: rows) func authoriseThrowsExactlyWhatDecideAnswers(row: Row) {
        let thrown: String
        do {
            try Self.policy.authorise(row.caller, row.action)
            thrown = "ok"
        } catch .notFound {
            thrown = "404"
        } catch .forbidden {
            thrown = "403"
        } catch {
            thrown = error.code
        }
        #expect(thrown == row.expected)
    }

    /// The scope an enquiry listing uses and the answer for one centre never disagree.
    @Test(arguments: [officer, teacher, operations, administrator, observer, homeless])
    func theEnquiryScopeHoldsExactlyTheCentresTheCallerMaySee(caller: Caller) {
        let scope = Self.policy.enquiryScope(for: caller)
        for centre in [Self.home, Self.away] {
            let allowed = Self.policy.decide(caller, .viewEnquiries(centre)) == .allowed
            #expect(scope.contains(centre) == allowed, "\(caller.id) \(centre)")
        }
    }

    /// The scope a listing uses and the answer for one request never disagree.
    @Test(arguments: [officer, teacher, operations, administrator, observer, homeless])
    func theScopeHoldsExactlyTheRequestsTheCallerMaySee(caller: Caller) {
        let scope = Self.policy.requestScope(for: caller)
        for centre in [Self.home, Self.away] {
            for kind in ScriptCopyKind.allCases {
                let allowed = Self.policy.decide(caller, .viewRequest(RequestOwner(centre: centre, kind: kind))) == .allowed
                #expect(scope.contains(centre: centre, kind: kind) == allowed, "\(caller.id) \(centre) \(kind)")
            }
        }
    }

    @Test func everyCentreIsACaseOfItsOwnAndNothingIsEmpty() {
        #expect(Self.policy.requestScope(for: Self.operations) == .everyCentre)
        #expect(Self.policy.requestScope(for: Self.homeless) == .nothing)
        #expect(Self.policy.requestScope(for: Self.teacher) == .centre(Self.home, kinds: [.nonPriority]))
    }

    @Test func resultsGoToTheCallersOwnCentreOrTheOneOperationsName() throws {
        #expect(try Self.policy.resultsCentre(for: Self.officer, asked: nil) == Self.home)
        #expect(try Self.policy.resultsCentre(for: Self.officer, asked: Self.home) == Self.home)
        #expect(try Self.policy.resultsCentre(for: Self.officer, asked: Self.away) == Self.home)
        #expect(throws: AccessRefusal.notFound) { try Self.policy.resultsCentre(for: Self.homeless, asked: Self.home) }
        #expect(try Self.policy.resultsCentre(for: Self.operations, asked: Self.away) == Self.away)
        #expect(throws: AccessRefusal.centreRequired) { try Self.policy.resultsCentre(for: Self.operations, asked: nil) }
        #expect(throws: AccessRefusal.self) { try Self.policy.resultsCentre(for: Self.teacher, asked: nil) }
    }

    @Test func aTeacherWithSubjectsSeesAndAsksForThoseComponentsOnly() throws {
        let narrowed = Caller(id: "t2", role: .teacher, centre: Self.home, subjects: ["H240/01"])
        let scope = Self.policy.requestScope(for: narrowed)
        #expect(scope.contains(RequestOwner(centre: Self.home, kind: .nonPriority, component: "H240/01")))
        #expect(!scope.contains(RequestOwner(centre: Self.home, kind: .nonPriority, component: "8300/1H")))
        #expect(!scope.contains(RequestOwner(centre: Self.home, kind: .nonPriority)), "an unknown component is not assumed to be theirs")
        #expect(!scope.contains(RequestOwner(centre: Self.home, kind: .priority, component: "H240/01")))
        #expect(throws: AccessRefusal.self) { try Self.policy.requestingCentre(for: narrowed, kind: .nonPriority, component: "8300/1H") }
        #expect(try Self.policy.requestingCentre(for: narrowed, kind: .nonPriority, component: "H240/01") == Self.home)
        // A person who teaches nothing on record, and an API token, are not narrowed.
        let person = Person(user: User(id: "p", name: "P", role: .teacher, centre: Self.home), username: "p")
        #expect(Caller(person).subjects == nil)
        #expect(Self.policy.requestScope(for: Self.teacher).contains(RequestOwner(centre: Self.home, kind: .nonPriority, component: "8300/1H")))
    }

    @Test func aSignedInTeacherIsNarrowedToTheComponentsTheirSubjectsCover() throws {
        let user = User(id: "t3", name: "T", role: .teacher, centre: Self.home)
        let mixed = Caller(Person(user: user, username: "t3", subjects: ["GCE", "J560/01"], components: ["H240/01", "H420/02", "J560/01"]))
        #expect(mixed.subjects == ["H240/01", "H420/02", "J560/01"])
        let scope = Self.policy.requestScope(for: mixed)
        #expect(scope.contains(RequestOwner(centre: Self.home, kind: .nonPriority, component: "H420/02")))
        #expect(scope.contains(RequestOwner(centre: Self.home, kind: .nonPriority, component: "J560/01")))
        #expect(!scope.contains(RequestOwner(centre: Self.home, kind: .nonPriority, component: "J351/01")))
        #expect(!scope.contains(RequestOwner(centre: Self.home, kind: .nonPriority, component: "GCE")), "a qualification is no component")
        #expect(try Self.policy.requestingCentre(for: mixed, kind: .nonPriority, component: "H420/02") == Self.home)

        // Subjects that cover no component let a teacher see and ask for nothing, and say why.
        let uncovered = Caller(Person(user: user, username: "t3", subjects: ["VOC"]))
        #expect(uncovered.subjects == [])
        #expect(!Self.policy.requestScope(for: uncovered).contains(RequestOwner(centre: Self.home, kind: .nonPriority, component: "H240/01")))
        let refusal = "Your subjects on record cover no component, so you may request no copies; ask operations to correct them."
        #expect(throws: AccessRefusal.forbidden(refusal)) {
            try Self.policy.requestingCentre(for: uncovered, kind: .nonPriority, component: "H240/01")
        }
        // Other roles are never narrowed.
        let officer = User(id: "o3", name: "O", role: .examsOfficer, centre: Self.home)
        #expect(Caller(Person(user: officer, username: "o3", components: ["H240/01"])).subjects == nil)
    }
}
