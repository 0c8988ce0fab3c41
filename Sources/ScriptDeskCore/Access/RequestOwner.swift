/// Whose a script request is, as the access policy judges it: the centre that asked and the
/// kind of copy (teachers see teaching copies only).
public struct RequestOwner: Hashable, Sendable {
    /// The centre that asked.
    public var centre: CentreNumber
    /// The kind of copy asked for.
    public var kind: ScriptCopyKind

    /// The owner of a request of `kind` made by `centre`.
    public init(centre: CentreNumber, kind: ScriptCopyKind) {
        self.centre = centre
        self.kind = kind
    }

    /// The owner of `request`.
    public init(_ request: ScriptRequest) {
        self.init(centre: request.centre, kind: request.kind)
    }
}
