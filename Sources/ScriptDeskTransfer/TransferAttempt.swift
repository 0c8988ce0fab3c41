import CCurl
import CCurlShim

/// One request of a fetch, on its own easy handle: the response's head is read, its body
/// appended to the sink (or discarded for a 3xx or an error), every connection's address
/// checked against the policy before it is made, and the transfer aborted once cancelled.
final class TransferAttempt {
    let url: TransferURL
    let policy: FetchPolicy
    let sink: FileSink
    /// The byte to resume from; 0 for a whole body.
    let offset: Int64
    let expected: ExpectedContent?
    var head = ResponseHead()
    var route = BodyRoute.undecided
    var fault: AttemptOutcome.Fault?
    var discardedBytes = 0
    var startedOver = false

    /// Where the body of the current response goes.
    enum BodyRoute {
        case undecided, keep, discard
    }

    init(url: TransferURL, policy: FetchPolicy, sink: FileSink, expected: ExpectedContent?) {
        self.url = url
        self.policy = policy
        self.sink = sink
        self.offset = sink.written
        self.expected = expected
    }

    /// Performs the request; `ifRange` guards a resume with the first response's strong ETag.
    func run(ifRange: String?, timeoutMilliseconds: Int, cancellation: TransferCancellation) throws(TransferError) -> AttemptOutcome {
        let curl = try CurlEasy()
        let headers = try configure(curl, ifRange: ifRange, timeoutMilliseconds: timeoutMilliseconds, cancellation: cancellation)
        let result = withExtendedLifetime((self, headers)) { curl.perform() }
        return AttemptOutcome(
            result: result,
            head: head,
            redirectURL: curl.info(string: CURLINFO_REDIRECT_URL),
            fault: fault,
            refusedAddress: curl.refusedAddress,
            startedOver: startedOver || offset == 0
        )
    }

    /// Decides, once the head is known, whether the body is kept: a 3xx or error body is
    /// discarded; a 206 must start at `offset`; a 200 to a range request starts the file
    /// over; declared sizes past the limits stop the transfer at once. False stops it.
    func decideRoute() -> Bool {
        if head.status >= 300 {
            route = .discard
            return true
        }
        if offset > 0 && head.status != 0 && head.status != 206 {
            if let error = sink.restart() { return stop(.localIO(error)) }
            startedOver = true
        } else if head.status == 206 {
            guard offset > 0, head.contentRange?.first == offset else { return stop(.rangeMismatch) }
        }
        let declared = head.status == 206 ? head.contentRange?.total : (head.status == 0 && offset > 0 ? nil : head.contentLength)
        if let declared {
            if let expected, declared > expected.bytes { return stop(.longerThanExpected) }
            if declared > policy.maxBytes { return stop(.tooLarge) }
        }
        route = .keep
        return true
    }

    /// Records why the transfer stops; returns false, for `guard` statements to pass on.
    @discardableResult
    func stop(_ reason: AttemptOutcome.Fault) -> Bool {
        fault = reason
        return false
    }
}

@available(*, unavailable, message: "an attempt is driven by libcurl callbacks on one thread")
extension TransferAttempt: Sendable {}
