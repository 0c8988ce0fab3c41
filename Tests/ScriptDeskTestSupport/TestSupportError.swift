/// The test set-up could not find or make what it needs.
public struct TestSupportError: Error, CustomStringConvertible {
    /// What is missing, and how to provide it.
    public var message: String
    /// The message.
    public var description: String { message }

    /// An error saying `message`.
    public init(message: String) {
        self.message = message
    }
}
