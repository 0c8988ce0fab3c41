/// An error that a person can act on: a stable machine-readable code and a human message.
///
/// Every module's typed errors conform, so the HTTP edge and the CLI can report any of
/// them the same way without knowing where they came from.
public protocol ScriptDeskError: Error, CustomStringConvertible {
    /// A stable, dotted, lowercase code such as `request.deadline_passed`.
    var code: String { get }
    /// A sentence for a person, naming what went wrong and what to do about it.
    var message: String { get }
}

extension ScriptDeskError {
    /// `code: message`, for logs and the command line.
    public var description: String { "\(code): \(message)" }
}
