import ScriptDeskCore

/// Which script requests a caller may see. Every request query takes one, so no query can
/// forget to filter by centre.
public enum RequestScope: Sendable, Hashable {
    /// One centre's requests of the given kinds (teachers see only teaching copies).
    case centre(CentreNumber, kinds: Set<ScriptCopyKind>)
    /// Every centre's requests (operations and administrators).
    case everything

    /// The scope of a user: their centre and what their role may see.
    public init(user: User) {
        switch (user.role, user.centre) {
        case (.examsOfficer, let centre?): self = .centre(centre, kinds: Set(ScriptCopyKind.allCases))
        case (.teacher, let centre?): self = .centre(centre, kinds: [.nonPriority])
        case (.operations, _), (.administrator, _): self = .everything
        case (.examsOfficer, nil), (.teacher, nil): self = .centre(CentreNumber("00000")!, kinds: [])
        }
    }
}
