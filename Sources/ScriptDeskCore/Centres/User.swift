/// A person or integration that calls ScriptDesk.
public struct User: Hashable, Sendable, Codable {
    /// A stable identifier.
    public var id: String
    /// Display name.
    public var name: String
    /// What the user may do.
    public var role: Role
    /// The user's centre, for centre roles; `nil` for operations and administrators.
    public var centre: CentreNumber?

    /// A user as registered.
    public init(id: String, name: String, role: Role, centre: CentreNumber?) {
        self.id = id
        self.name = name
        self.role = role
        self.centre = centre
    }
}
