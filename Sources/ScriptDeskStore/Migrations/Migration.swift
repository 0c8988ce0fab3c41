/// One step of the schema, applied once and recorded by its identifier.
public struct Migration: Sendable {
    /// A stable identifier, such as `store.001.reference-data`; never renamed once shipped.
    public var id: String
    /// The statements of the step, written for the dialect at hand.
    public var statements: @Sendable (SQLDialectKind) -> [String]

    /// A step named `id` whose statements are made for each dialect by `statements`.
    public init(id: String, statements: @escaping @Sendable (SQLDialectKind) -> [String]) {
        self.id = id
        self.statements = statements
    }
}
