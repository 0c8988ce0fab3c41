/// Whose a script request is, as the access policy judges it: the centre that asked, the
/// kind of copy (teachers see teaching copies only) and the component (a teacher with
/// subjects sees those components only).
public struct RequestOwner: Hashable, Sendable {
    /// The centre that asked.
    public var centre: CentreNumber
    /// The kind of copy asked for.
    public var kind: ScriptCopyKind
    /// The component's code, when it is known.
    public var component: String?

    /// The owner of a request of `kind` made by `centre`, for `component`.
    public init(centre: CentreNumber, kind: ScriptCopyKind, component: String? = nil) {
        self.centre = centre
        self.kind = kind
        self.component = component
    }

    /// The owner of `request`.
    public init(_ request: ScriptRequest) {
        self.init(centre: request.centre, kind: request.kind, component: request.component)
    }
}
