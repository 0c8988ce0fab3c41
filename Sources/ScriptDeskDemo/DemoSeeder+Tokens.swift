import Foundation
import ScriptDeskApp
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore

extension DemoSeeder {
    /// Makes the demo users (an exams officer and a teacher per centre, and operations) and
    /// gives each a fresh token; earlier tokens of these users stop working. The tokens never
    /// expire: the credentials file is written once and read back on every start, and the
    /// board's data is made up.
    func issueTokens() async throws -> DemoCredentials {
        let now = runtime.clock.now
        let centres = try await runtime.database.read { try await ReferenceData().centres(on: $0) }
        return try await runtime.database.transaction { db in
            func token(_ user: User) async throws -> String {
                try await Authentication.issueToken(to: user, label: "demo", expiresAt: nil, replacing: true, now: now, in: db).secret
            }
            var entries: [DemoCredentials.CentreCredentials] = []
            for centre in centres {
                let (officer, teacher) = Self.users(of: centre)
                entries.append(
                    .init(
                        number: centre.number.rawValue,
                        name: centre.name,
                        examsOfficerToken: try await token(officer),
                        teacherToken: try await token(teacher)
                    )
                )
            }
            return DemoCredentials(baseURL: runtime.settings.publicBaseURL, operationsToken: try await token(Self.operations), centres: entries)
        }
    }

    /// The demo's operations user.
    static let operations = User(id: "operations", name: "Operations", role: .operations, centre: nil)
    /// The demo's read-only operations user: sees the queue console, changes nothing.
    static let observer = User(id: "operations-read-only", name: "Operations (read-only)", role: .observer, centre: nil)

    /// A demo centre's exams officer and teacher.
    static func users(of centre: Centre) -> (officer: User, teacher: User) {
        (
            User(id: "eo-\(centre.number)", name: "Exams officer, \(centre.name)", role: .examsOfficer, centre: centre.number),
            User(id: "teacher-\(centre.number)", name: "Teacher, \(centre.name)", role: .teacher, centre: centre.number)
        )
    }

    /// Lets the demo users sign in to the pages: each gets a user name (`eo.<centre>`,
    /// `teacher.<centre>`, `operations`, `operations.read.only`) and a new generated password, written into
    /// `credentials`; each teacher teaches GCE, and so every GCE component.
    func addPeople(to credentials: inout DemoCredentials) async throws {
        let hasher = PasswordHasher(cost: runtime.settings.signIn.passwordCost)
        let centres = try await runtime.database.read { try await ReferenceData().centres(on: $0) }
        // Every demo teacher teaches GCE, so other qualifications' copies can be tried.
        let subjects = [QualificationType.gce.rawValue]
        let users =
            [Self.operations, Self.observer] + centres.flatMap { centre in [Self.users(of: centre).officer, Self.users(of: centre).teacher] }
        var signIns: [String: DemoCredentials.SignIn] = [:]
        var hashed: [(Person, String)] = []
        for user in users {
            let username = user.id.replacingOccurrences(of: "-", with: ".")
            let password = Base64URL.encode((0..<15).map { _ in UInt8.random(in: 0...255) })
            let person = Person(user: user, username: username, subjects: user.role == .teacher ? subjects : [])
            hashed.append((person, try await hasher.hash(password)))
            signIns[user.id] = DemoCredentials.SignIn(username: username, password: password)
        }
        try await runtime.database.transaction { db in
            for (person, hash) in hashed { try await People().add(person, passwordHash: hash, on: db) }
        }
        credentials.operations = signIns["operations"]
        credentials.operationsReadOnly = signIns["operations-read-only"]
        for index in credentials.centres.indices {
            let number = credentials.centres[index].number
            credentials.centres[index].examsOfficer = signIns["eo-\(number)"]
            credentials.centres[index].teacher = signIns["teacher-\(number)"]
        }
    }
}
