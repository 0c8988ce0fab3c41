public import Foundation
import SQLKit
public import ScriptDeskCore

/// People who sign in to the pages: their user name and password hash (bcrypt, never the
/// password), whether they are disabled, and a teacher's subjects with the components they cover.
public struct People: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// Records `person` with `passwordHash`, or gives an existing user of that id a user name
    /// and password; the caller has checked that the user name is free.
    public func add(_ person: Person, passwordHash: String, on db: StoreConnection) async throws {
        try await Accounts().save(person.user, on: db)
        try await db.raw(
            """
            UPDATE users SET username = \(bind: person.username), password_hash = \(bind: passwordHash),
                disabled_at = \(bind: person.disabledAt.map(SQLTime.text))
            WHERE id = \(bind: person.user.id)
            """
        ).run()
        try await setSubjects(person.subjects, of: person.user.id, on: db)
    }

    /// The person who signs in as `username` (compared in lowercase), with their password hash.
    public func find(username: String, on db: StoreConnection) async throws -> (person: Person, passwordHash: String)? {
        let rows = try await select("username = \(bind: Person.normalise(username: username))", on: db)
        return rows.first
    }

    /// The person who is user `id`, if that user signs in.
    public func find(userID id: String, on db: StoreConnection) async throws -> Person? {
        try await select("id = \(bind: id)", on: db).first?.person
    }

    /// Every person, of `centre` when it is given, by user name.
    public func list(centre: CentreNumber?, on db: StoreConnection) async throws -> [Person] {
        let condition: SQLQueryString = centre.map { "centre_number = \(bind: $0.rawValue)" } ?? "1 = 1"
        return try await select(condition, on: db).map(\.person)
    }

    /// Replaces the password hash of user `id`; returns whether there is such a person.
    @discardableResult
    public func setPassword(hash: String, of id: String, on db: StoreConnection) async throws -> Bool {
        try await db.raw(
            "UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: id) AND username IS NOT NULL RETURNING id"
        ).first() != nil
    }

    /// Stops user `id` signing in from `at` (`nil`: lets them again); returns whether there is such a person.
    @discardableResult
    public func setDisabled(_ at: Date?, of id: String, on db: StoreConnection) async throws -> Bool {
        try await db.raw(
            "UPDATE users SET disabled_at = \(bind: at.map(SQLTime.text)) WHERE id = \(bind: id) AND username IS NOT NULL RETURNING id"
        ).first() != nil
    }

    /// Replaces the subjects of user `id`.
    public func setSubjects(_ subjects: [String], of id: String, on db: StoreConnection) async throws {
        try await db.raw("DELETE FROM user_subjects WHERE user_id = \(bind: id)").run()
        for subject in Set(subjects) {
            try await db.raw("INSERT INTO user_subjects (user_id, subject) VALUES (\(bind: id), \(bind: subject))").run()
        }
    }

    private func select(_ condition: SQLQueryString, on db: StoreConnection) async throws -> [(person: Person, passwordHash: String)] {
        let rows = try await db.raw(
            """
            SELECT id, name, role, centre_number, username, password_hash, disabled_at FROM users
            WHERE username IS NOT NULL AND \(condition) ORDER BY username
            """
        ).all()
        var found: [(Person, String)] = []
        for row in rows {
            let id = try row.string("id")
            let user = User(
                id: id,
                name: try row.string("name"),
                role: try row.value("role", as: Role.self),
                centre: try row.optionalString("centre_number") == nil ? nil : row.centre()
            )
            let subjects = try await db.raw("SELECT subject FROM user_subjects WHERE user_id = \(bind: id) ORDER BY subject").all()
                .map { try $0.string("subject") }
            let person = Person(
                user: user,
                username: try row.string("username"),
                subjects: subjects,
                components: try await components(coveredBySubjectsOf: id, on: db),
                disabledAt: try row.optionalDate("disabled_at")
            )
            found.append((person, try row.string("password_hash")))
        }
        return found
    }

    /// The codes of the components user `id`'s subjects cover: each subject that is a component
    /// code, and every component of each subject that is a qualification.
    private func components(coveredBySubjectsOf id: String, on db: StoreConnection) async throws -> [String] {
        try await db.raw(
            """
            SELECT code FROM components
            WHERE code IN (SELECT subject FROM user_subjects WHERE user_id = \(bind: id))
                OR qualification IN (SELECT subject FROM user_subjects WHERE user_id = \(bind: id))
            ORDER BY code
            """
        ).all().map { try $0.string("code") }
    }
}
