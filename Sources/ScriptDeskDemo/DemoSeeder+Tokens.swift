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
            func user(_ user: User) async throws -> String {
                try await Authentication.issueToken(to: user, label: "demo", expiresAt: nil, replacing: true, now: now, in: db).secret
            }
            var entries: [DemoCredentials.CentreCredentials] = []
            for centre in centres {
                let officer = try await user(
                    User(id: "eo-\(centre.number)", name: "Exams officer, \(centre.name)", role: .examsOfficer, centre: centre.number)
                )
                let teacher = try await user(
                    User(id: "teacher-\(centre.number)", name: "Teacher, \(centre.name)", role: .teacher, centre: centre.number)
                )
                entries.append(.init(number: centre.number.rawValue, name: centre.name, examsOfficerToken: officer, teacherToken: teacher))
            }
            let operations = try await user(User(id: "operations", name: "Operations", role: .operations, centre: nil))
            return DemoCredentials(baseURL: runtime.settings.publicBaseURL, operationsToken: operations, centres: entries)
        }
    }
}
