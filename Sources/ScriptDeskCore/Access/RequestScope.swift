/// Which script requests a caller may see. Every request query takes one, so no query can
/// forget to filter by centre; the access policy is the only thing that makes one.
public enum RequestScope: Sendable, Hashable {
    /// Every centre's requests (operations and administrators).
    case everyCentre
    /// One centre's requests of the given kinds (teachers see only teaching copies), of the
    /// given components only when `subjects` names them (a teacher's subjects).
    case centre(CentreNumber, kinds: Set<ScriptCopyKind>, subjects: Set<String>? = nil)
    /// None at all (a centre role with no centre on record).
    case nothing

    /// Whether a request of `centre` and `kind` (of `component`, when it is known) is in the scope.
    public func contains(centre: CentreNumber, kind: ScriptCopyKind, component: String? = nil) -> Bool {
        switch self {
        case .everyCentre: true
        case .centre(let number, let kinds, let subjects):
            number == centre && kinds.contains(kind) && subjects.map { subjects in component.map(subjects.contains) ?? false } ?? true
        case .nothing: false
        }
    }

    /// Whether a request of `owner` is in the scope.
    public func contains(_ owner: RequestOwner) -> Bool {
        contains(centre: owner.centre, kind: owner.kind, component: owner.component)
    }

    /// Whether the scope holds every request of `centre`, whatever its kind.
    public func coversWholly(_ centre: CentreNumber) -> Bool {
        ScriptCopyKind.allCases.allSatisfy { contains(centre: centre, kind: $0) }
    }
}
