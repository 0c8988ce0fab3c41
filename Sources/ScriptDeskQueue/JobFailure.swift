public import ScriptDeskCore

/// What the queue records of a failed run; also thrown by handlers as a classified error
/// of their own making.
public struct JobFailure: ClassifiedError, Sendable, Hashable {
    /// The stable code of the error.
    public var code: String
    /// Its message.
    public var message: String
    /// Whether another attempt may succeed.
    public var isTransient: Bool

    /// A failure with its stable code and message; `isTransient` says whether another attempt
    /// may succeed.
    public init(code: String, message: String, isTransient: Bool) {
        self.code = code
        self.message = message
        self.isTransient = isTransient
    }

    /// Classifies any error: typed errors say for themselves; anything else is taken as
    /// transient, so an unforeseen hiccup is retried rather than lost.
    public init(_ error: any Error) {
        switch error {
        case let classified as any ClassifiedError:
            self.init(code: classified.code, message: classified.message, isTransient: classified.isTransient)
        case let known as any ScriptDeskError:
            self.init(code: known.code, message: known.message, isTransient: false)
        default:
            self.init(code: "job.unexpected", message: String(describing: error), isTransient: true)
        }
    }
}
