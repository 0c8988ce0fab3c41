public import Foundation
public import ScriptDeskCore
public import ScriptDeskStore

/// The people who sign in to the pages, as operations manage them: add one (with a role, a
/// centre for a centre role, and a teacher's subjects: component codes or qualifications),
/// change a password, disable or enable one, list them, and lift a pause that failed sign-ins
/// put on an account or an address.
/// Changing a password or disabling someone ends every session they have.
public struct PeopleService: Sendable {
    let database: Database
    let hasher: PasswordHasher
    let access: AccessPolicy
    let clock: WallClock
    private let people = People()
    private let sessions = Sessions()

    /// Keeps people in `database`, hashing passwords with `hasher`, for the callers `access` allows.
    public init(database: Database, hasher: PasswordHasher, access: AccessPolicy, clock: WallClock) {
        self.database = database
        self.hasher = hasher
        self.access = access
        self.clock = clock
    }

    /// Adds a person who signs in as `username` with `password`, teaching `subjects` (component
    /// codes on record or qualifications, stored as `checked(subject:on:)` gives them).
    public func add(
        username: String,
        name: String,
        role: Role,
        centre: CentreNumber?,
        subjects: [String] = [],
        password: String,
        by caller: Caller
    ) async throws -> Person {
        try access.authorise(caller, .managePeople)
        let username = try Self.checked(username: username)
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count) else { throw PeopleError.badName }
        switch (role.isCentreRole, centre) {
        case (true, nil): throw PeopleError.centreRequired(role)
        case (false, _?): throw PeopleError.centreNotAllowed(role)
        default: break
        }
        guard subjects.isEmpty || role == .teacher else { throw PeopleError.subjectsForTeachersOnly }
        if let problem = PasswordHasher.problem(with: password) { throw problem }
        let hash = try await hasher.hash(password)
        let user = User(id: "person-\(Authentication.makePublicID())", name: name, role: role, centre: centre)
        return try await database.transaction { db in
            if let centre, try await ReferenceData().centre(centre, on: db) == nil { throw PeopleError.centreNotFound(centre) }
            guard try await people.find(username: username, on: db) == nil else { throw PeopleError.usernameTaken(username) }
            var checked: [String] = []
            for subject in subjects { checked.append(try await Self.checked(subject: subject, on: db)) }
            let person = Person(user: user, username: username, subjects: checked)
            try await people.add(person, passwordHash: hash, on: db)
            return try await people.find(userID: user.id, on: db) ?? person
        }
    }

    /// Gives `username` a new password, and ends their sessions.
    public func setPassword(of username: String, to password: String, by caller: Caller) async throws {
        try access.authorise(caller, .managePeople)
        if let problem = PasswordHasher.problem(with: password) { throw problem }
        let hash = try await hasher.hash(password)
        try await changing(username) { id, db in
            try await people.setPassword(hash: hash, of: id, on: db)
        }
    }

    /// Stops `username` signing in (ending their sessions), or, with `disabled` false, lets them again.
    public func setDisabled(_ disabled: Bool, username: String, by caller: Caller) async throws {
        try access.authorise(caller, .managePeople)
        let at = disabled ? clock.now : nil
        try await changing(username) { id, db in
            try await people.setDisabled(at, of: id, on: db)
        }
    }

    /// Everyone who signs in, of `centre` when it is given.
    public func list(centre: CentreNumber?, by caller: Caller) async throws -> [Person] {
        try access.authorise(caller, .managePeople)
        return try await database.read { try await people.list(centre: centre, on: $0) }
    }

    /// Lifts the pause on sign-ins to `username`'s account, or from a client `address`, and
    /// forgets their failures; returns whether there was anything to lift.
    public func liftPause(username: String? = nil, address: String? = nil, by caller: Caller) async throws -> Bool {
        try access.authorise(caller, .managePeople)
        let subjects = [username.map(SignInService.accountSubject), address.map(SignInService.addressSubject)].compactMap { $0 }
        return try await database.transaction { db in
            var lifted = false
            for subject in subjects where try await SignInFailures().clear(subject, on: db) { lifted = true }
            return lifted
        }
    }

    /// Runs `change` on the person who signs in as `username`, then ends their sessions.
    private func changing(_ username: String, _ change: @escaping @Sendable (String, StoreConnection) async throws -> Bool) async throws {
        let name = Person.normalise(username: username)
        try await database.transaction { db in
            guard let found = try await people.find(username: name, on: db) else { throw PeopleError.unknown(name) }
            _ = try await change(found.person.user.id, db)
            try await sessions.deleteAll(userID: found.person.user.id, on: db)
        }
    }

    /// `subject` as stored: a component code on record as it is, or a qualification, named in
    /// any case, as its code (`gce` is `GCE`); or why it cannot be one.
    static func checked(subject: String, on db: StoreConnection) async throws -> String {
        let subject = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        if let qualification = QualificationType(rawValue: subject.uppercased()) { return qualification.rawValue }
        guard try await ReferenceData().component(subject, on: db) != nil else { throw PeopleError.unknownSubject(subject) }
        return subject
    }

    /// `username` as stored, or why it cannot be one.
    static func checked(username: String) throws(PeopleError) -> String {
        let name = Person.normalise(username: username)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_@")
        guard (1...64).contains(name.count), name.allSatisfy(allowed.contains) else { throw .badUsername }
        return name
    }
}
