/// Who is asking: the person or integration on whose behalf a service is called, as the
/// access policy sees them. An API token stands for its user; the command line acts as
/// operations across every centre.
public struct Caller: Hashable, Sendable {
    /// A stable identifier, for the audit.
    public var id: String
    /// How the audit names them: a person's user name, an integration's user name.
    public var name: String
    /// What the caller may do.
    public var role: Role
    /// The caller's centre, for centre roles; `nil` for operations and administrators.
    public var centre: CentreNumber?
    /// The component codes a teacher is narrowed to; `nil` for anyone not narrowed (an API
    /// token, which stands for no person, or a teacher with no subjects on record).
    public var subjects: Set<String>?

    /// A caller with identifier `id` (named `name`, or by the id), acting as `role`, for
    /// `centre` (`nil` for operations and administrators), narrowed to `subjects` when they are given.
    public init(id: String, name: String? = nil, role: Role, centre: CentreNumber?, subjects: Set<String>? = nil) {
        self.id = id
        self.name = name ?? id
        self.role = role
        self.centre = centre
        self.subjects = subjects
    }

    /// The caller a user stands for.
    public init(_ user: User) {
        self.init(id: user.id, name: user.name, role: user.role, centre: user.centre)
    }

    /// The caller a signed-in person stands for: a teacher with subjects is narrowed to the
    /// component codes they cover, so one whose subjects cover no component sees none.
    public init(_ person: Person) {
        let narrowed = person.user.role == .teacher && !person.subjects.isEmpty
        self.init(
            id: person.user.id,
            name: person.username,
            role: person.user.role,
            centre: person.user.centre,
            subjects: narrowed ? Set(person.components) : nil
        )
    }

    /// Operations working from the command line on the server itself: every centre.
    public static let commandLine = Caller(id: "operations (command line)", role: .operations, centre: nil)

    /// How the caller is named on a request's timeline: by role, never by person.
    public var timelineName: String { role.rawValue }
}
