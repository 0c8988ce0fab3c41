/// Whose a script request is, as the access policy judges it: the centre that asked and the
/// kind of copy (teachers see teaching copies only).
public struct RequestOwner: Hashable, Sendable {
    public var centre: CentreNumber
    public var kind: ScriptCopyKind

    public init(centre: CentreNumber, kind: ScriptCopyKind) {
        self.centre = centre
        self.kind = kind
    }

    /// The owner of `request`.
    public init(_ request: ScriptRequest) {
        self.init(centre: request.centre, kind: request.kind)
    }
}
