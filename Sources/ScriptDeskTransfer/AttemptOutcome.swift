import CCurl

/// What one request of a fetch came to: libcurl's result, the response, and anything the
/// callbacks refused.
struct AttemptOutcome {
    /// Why the callbacks stopped the transfer.
    enum Fault: Equatable {
        /// The body passed the policy's size limit.
        case tooLarge
        /// The body is longer than the expected size.
        case longerThanExpected
        /// A 206 answered a range other than the one asked for.
        case rangeMismatch
        /// The destination could not be written.
        case localIO(Int32)
    }

    /// libcurl's result.
    var result: CURLcode
    /// The final response's head.
    var head: ResponseHead
    /// Where a 3xx pointed, resolved against the request's URL.
    var redirectURL: String?
    /// What the callbacks refused, if anything.
    var fault: Fault?
    /// An address a connection was refused to, by policy.
    var refusedAddress: IPAddress?
    /// Whether this response's body replaced the file from its first byte.
    var startedOver: Bool
}
