/// Which copy of a script a centre asks for.
public enum ScriptCopyKind: String, Sendable, Codable, CaseIterable {
    /// A copy to decide whether to query a result; processed ahead of all teaching copies.
    case priority
    /// A copy for teaching purposes.
    case nonPriority = "non-priority"

    /// The words printed on the copy.
    public var label: String {
        switch self {
        case .priority: "Priority copy"
        case .nonPriority: "Copy for teaching purposes"
        }
    }
}
