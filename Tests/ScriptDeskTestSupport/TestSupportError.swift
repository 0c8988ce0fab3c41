/// The test set-up could not find or make what it needs.
public struct TestSupportError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
