import Foundation
import SQLKit
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

/// Signing in with a user name and password, on both drivers: sessions stored by hash and
/// ended by sign-out, a new password, disabling, and their timeouts; failed sign-ins that
/// slow and then pause the next ones, per account and per address, without telling whether
/// a user name exists; a teacher's subjects, component codes or qualifications, and what
/// they let the teacher see.
@Suite struct SignInTests {
    @Test(arguments: DatabaseKind.allCases) func aPersonSignsInAndOut(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind, people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let signIn = environment.runtime.signIn
            let started = try await signIn.signIn(username: officer.username.uppercased(), password: officer.password, from: "192.0.2.1")
            #expect(started.session.caller.role == .examsOfficer)
            #expect(started.session.caller.centre?.rawValue == environment.credentials.centres[0].number)
            #expect(Base64URL.decode(started.id)?.count == 32)
            #expect(Base64URL.decode(started.session.csrfToken)?.count == 32)
            // The database holds the id's hash, never the id.
            let stored = try await environment.runtime.database.read { db in
                try await db.raw("SELECT id_hash FROM sessions").all().map { try $0.decode(column: "id_hash", as: String.self) }
            }
            #expect(stored.count == 1 && !stored.contains(started.id))
            #expect(try await signIn.session(id: started.id)?.person.username == officer.username)
            #expect(try await signIn.session(id: started.id + "x") == nil)

            // Signing in again from the same browser ends the session it had: no fixation.
            let again = try await signIn.signIn(username: officer.username, password: officer.password, from: "192.0.2.1", replacing: started.id)
            #expect(try await signIn.session(id: started.id) == nil)
            #expect(try await signIn.session(id: again.id) != nil)
            try await signIn.signOut(id: again.id)
            #expect(try await signIn.session(id: again.id) == nil)
        }
    }

    @Test func wrongPasswordsAndUnknownNamesAreRefusedAlike() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let signIn = environment.runtime.signIn
            for (username, password) in [(officer.username, "not the password"), ("nobody-at-all", officer.password), (officer.username, "")] {
                await #expect(throws: SignInRefusal.failed) {
                    try await signIn.signIn(username: username, password: password, from: "192.0.2.\(password.count)")
                }
            }
            // The message names neither part.
            #expect(SignInRefusal.failed.message == "The user name or password is not right.")
        }
    }

    @Test func sessionsEndWhenIdleAndWhenOld() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let teacher = try #require(environment.credentials.centres[0].teacher)
            let signIn = environment.runtime.signIn
            let clock = environment.clock
            let idle = try await signIn.signIn(username: teacher.username, password: teacher.password, from: "192.0.2.1")
            clock.advance(by: 29 * 60)
            #expect(try await signIn.session(id: idle.id) != nil)
            clock.advance(by: 29 * 60)
            #expect(try await signIn.session(id: idle.id) != nil, "used 29 minutes ago")
            clock.advance(by: 31 * 60)
            #expect(try await signIn.session(id: idle.id) == nil, "idle for 31 minutes")

            // Used every 20 minutes, a session still ends 12 hours after sign-in.
            let busy = try await signIn.signIn(username: teacher.username, password: teacher.password, from: "192.0.2.1")
            for _ in 0..<35 {
                clock.advance(by: 20 * 60)
                #expect(try await signIn.session(id: busy.id) != nil)
            }
            clock.advance(by: 20 * 60)
            #expect(try await signIn.session(id: busy.id) == nil, "12 hours 20 minutes after sign-in")

            // Sessions left to lapse, never presented again, go when their person next signs in.
            _ = try await signIn.signIn(username: teacher.username, password: teacher.password, from: "192.0.2.1")
            _ = try await signIn.signIn(username: teacher.username, password: teacher.password, from: "192.0.2.1")
            clock.advance(by: 31 * 60)
            _ = try await signIn.signIn(username: teacher.username, password: teacher.password, from: "192.0.2.1")
            let left = try await environment.runtime.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM sessions").first()?.decode(column: "n", as: Int.self)
            }
            #expect(left == 1)
        }
    }

    @Test(arguments: DatabaseKind.allCases) func failuresSlowThenPauseAnAccountUntilLifted(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind, people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let signIn = environment.runtime.signIn
            let clock = environment.clock
            func attempt(_ password: String, from address: String = "192.0.2.9") async -> SignInRefusal? {
                do {
                    _ = try await signIn.signIn(username: officer.username, password: password, from: address)
                    return nil
                } catch {
                    return error as? SignInRefusal
                }
            }
            // Three failures, then each next attempt waits 1, 2, 4… seconds, whatever the password.
            for _ in 0..<3 { #expect(await attempt("wrong password") == .failed) }
            #expect(await attempt(officer.password) == .paused(retryAfter: 1))
            clock.advance(by: 1.5)
            #expect(await attempt("wrong password") == .failed)
            #expect(await attempt("wrong password") == .paused(retryAfter: 2))
            // A right password after the wait signs in and forgets the account's failures.
            clock.advance(by: 2.5)
            #expect(await attempt(officer.password) == nil)
            #expect(await attempt("wrong password") == .failed)

            // Ten in a row pause the account for 15 minutes, from any address.
            for index in 2...10 {
                clock.advance(by: 70)
                #expect(await attempt("wrong password", from: "198.51.100.\(index)") == .failed)
            }
            #expect(await attempt(officer.password, from: "203.0.113.5") == .paused(retryAfter: 900))
            // Operations lift the pause; the right password works at once.
            #expect(try await environment.runtime.people.liftPause(username: officer.username, by: .commandLine))
            #expect(await attempt(officer.password, from: "203.0.113.5") == nil)
        }
    }

    @Test func failuresFromOneAddressPauseItAcrossAccounts() async throws {
        try await TestEnvironment.with(people: true) { environment in
            let officer = try #require(environment.credentials.centres[0].examsOfficer)
            let signIn = environment.runtime.signIn
            // Fifteen wrong guesses at fifteen user names from one address (five times an account's three)…
            for index in 0..<15 {
                await #expect(throws: SignInRefusal.failed) {
                    try await signIn.signIn(username: "guess\(index)", password: "wrong password", from: "192.0.2.66")
                }
            }
            // …slow that address for everyone, but not another address.
            await #expect(throws: SignInRefusal.paused(retryAfter: 1)) {
                try await signIn.signIn(username: officer.username, password: officer.password, from: "192.0.2.66")
            }
            _ = try await signIn.signIn(username: officer.username, password: officer.password, from: "192.0.2.67")
        }
    }

    @Test(arguments: DatabaseKind.allCases) func operationsManagePeople(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind) { environment in
            let people = environment.runtime.people
            let signIn = environment.runtime.signIn
            let centre = try #require(CentreNumber(environment.credentials.centres[0].number))
            let teacher = Caller(id: "teacher", role: .teacher, centre: centre)
            await #expect(throws: AccessRefusal.self) {
                try await people.add(username: "x", name: "X", role: .teacher, centre: centre, password: "long enough password", by: teacher)
            }
            let added = try await people.add(
                username: " Ada.Lovelace@School ",
                name: "Ada Lovelace",
                role: .teacher,
                centre: centre,
                subjects: ["H240/01"],
                password: "correct horse battery",
                by: .commandLine
            )
            #expect(added.username == "ada.lovelace@school")
            for (username, role, centre, password, expected) in [
                ("ada.lovelace@school", Role.teacher, Optional(centre), "another long password", PeopleError.usernameTaken("ada.lovelace@school")),
                ("bob", .teacher, centre, "short", .passwordTooShort(minimum: 12)),
                ("bob", .teacher, centre, String(repeating: "a", count: 73), .passwordTooLong(maximum: 72)),
                ("bob smith", .teacher, centre, "long enough password", .badUsername),
                ("bob", .teacher, nil, "long enough password", .centreRequired(.teacher)),
                ("bob", .operations, centre, "long enough password", .centreNotAllowed(.operations)),
                ("bob", .teacher, CentreNumber("99999"), "long enough password", .centreNotFound(CentreNumber("99999")!)),
            ] {
                await #expect(throws: expected) {
                    try await people.add(username: username, name: "Bob", role: role, centre: centre, password: password, by: .commandLine)
                }
            }
            let listed = try await people.list(centre: centre, by: .commandLine)
            #expect(listed.map(\.username) == ["ada.lovelace@school"])
            #expect(listed.first?.subjects == ["H240/01"])

            // A new password or disabling ends every session.
            let first = try await signIn.signIn(username: "ada.lovelace@school", password: "correct horse battery", from: "192.0.2.1")
            try await people.setPassword(of: "Ada.Lovelace@School", to: "a brand new password", by: .commandLine)
            #expect(try await signIn.session(id: first.id) == nil)
            await #expect(throws: SignInRefusal.failed) {
                try await signIn.signIn(username: "ada.lovelace@school", password: "correct horse battery", from: "192.0.2.2")
            }
            let second = try await signIn.signIn(username: "ada.lovelace@school", password: "a brand new password", from: "192.0.2.1")
            try await people.setDisabled(true, username: "ada.lovelace@school", by: .commandLine)
            #expect(try await signIn.session(id: second.id) == nil)
            await #expect(throws: SignInRefusal.failed) {
                try await signIn.signIn(username: "ada.lovelace@school", password: "a brand new password", from: "192.0.2.3")
            }
            try await people.setDisabled(false, username: "ada.lovelace@school", by: .commandLine)
            _ = try await signIn.signIn(username: "ada.lovelace@school", password: "a brand new password", from: "192.0.2.1")
            await #expect(throws: PeopleError.unknown("nobody")) {
                try await people.setDisabled(true, username: "nobody", by: .commandLine)
            }
        }
    }

    @Test(arguments: DatabaseKind.allCases) func aTeachersQualificationStandsForEachOfItsComponents(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind) { environment in
            let people = environment.runtime.people
            let tracking = environment.runtime.tracking
            let centre = environment.centre
            // A teaching copy of a GCE component and one of a GCSE component, asked for by the exams officer.
            var requested: [QualificationType: (component: String, id: String)] = [:]
            for qualification in [QualificationType.gce, .gcse] {
                let target = try await environment.heldScript(in: [qualification])
                let submission = ScriptRequestSubmission(
                    series: "2026-06",
                    component: target.component.code,
                    candidate: target.result.candidate.rawValue,
                    kind: .nonPriority,
                    consent: environment.consent()
                )
                let accepted = try await environment.runtime.intake.submit(submission, by: environment.examsOfficer)
                requested[qualification] = (target.component.code, accepted.request.id)
            }
            let gce = try #require(requested[.gce])
            let gcse = try #require(requested[.gcse])
            func signedIn(_ username: String, teaching subjects: [String]) async throws -> (person: Person, caller: Caller) {
                let added = try await people.add(
                    username: username,
                    name: username,
                    role: .teacher,
                    centre: centre,
                    subjects: subjects,
                    password: "long enough password",
                    by: .commandLine
                )
                let started = try await environment.runtime.signIn.signIn(username: username, password: "long enough password", from: "192.0.2.1")
                #expect(started.session.person == added)
                return (added, started.session.caller)
            }

            // A qualification, named in any case, is kept as its code and covers its components.
            let byQualification = try await signedIn("gce.teacher", teaching: ["gce"])
            #expect(byQualification.person.subjects == ["GCE"])
            #expect(byQualification.person.components == ["H240/01", "H240/02", "H420/02", "H446/03", "H472/01"])
            #expect(try await tracking.list(for: byQualification.caller, page: Page()).items.map(\.id) == [gce.id])
            #expect(try await tracking.details(of: gce.id, for: byQualification.caller).request.id == gce.id)
            await #expect(throws: LinkServiceError.requestNotFound(gcse.id)) {
                try await tracking.details(of: gcse.id, for: byQualification.caller)
            }

            // A qualification and another qualification's component code cover both.
            let mixed = try await signedIn("mixed.teacher", teaching: ["GCSE", gce.component])
            #expect(mixed.person.subjects == ["GCSE", gce.component])
            #expect(mixed.person.components == [gce.component, "J260/OT", "J351/01", "J351/02", "J560/01", "J560/02"].sorted())
            #expect(Set(try await tracking.list(for: mixed.caller, page: Page()).items.map(\.id)) == [gce.id, gcse.id])

            // A subject that is neither is refused, in words, and nobody is added.
            let unknown = PeopleError.unknownSubject("H999/99")
            await #expect(throws: unknown) {
                try await people.add(
                    username: "unknown.teacher",
                    name: "Unknown",
                    role: .teacher,
                    centre: centre,
                    subjects: ["GCE", "H999/99"],
                    password: "long enough password",
                    by: .commandLine
                )
            }
            #expect(unknown.code == "people.unknown_subject")
            #expect(unknown.message.hasPrefix("'H999/99' is neither a component code on record nor a qualification"))
            #expect(unknown.message.hasSuffix("or one of GCE, GCSE, GCSE-SC, L3-PL, L3-CERT, PL, VOC."))
            #expect(try await people.list(centre: centre, by: .commandLine).map(\.username) == ["gce.teacher", "mixed.teacher"])
        }
    }
}
