/// Which centres' records a caller may see, for queries over many of them; the access
/// policy is the only thing that makes one.
public enum CentreScope: Sendable, Hashable {
    /// Every centre's (operations, administrators, observers).
    case everyCentre
    /// One centre's.
    case centre(CentreNumber)
    /// None at all.
    case nothing

    /// Whether `centre`'s records are in the scope.
    public func contains(_ centre: CentreNumber) -> Bool {
        switch self {
        case .everyCentre: true
        case .centre(let number): number == centre
        case .nothing: false
        }
    }
}
