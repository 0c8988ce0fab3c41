import CCurl
import CCurlShim

/// One request of a fetch, on its own easy handle: the response's head is read, its body
/// appended to the sink (or discarded for a 3xx or an error), and every connection's
/// address checked against the policy before it is made.
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
    var refusedAddress: IPAddress?
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

    /// Performs the request. `isRedirect` selects the schemes a redirect may use;
    /// `ifRange` guards a resume with the first response's strong ETag.
    func run(isRedirect: Bool, ifRange: String?, timeoutMilliseconds: Int) throws(TransferError) -> AttemptOutcome {
        let curl = try CurlEasy()
        let schemes = isRedirect ? policy.redirectSchemes : policy.schemes
        curl.set(CURLOPT_URL, url.text)
        curl.set(CURLOPT_PROTOCOLS_STR, schemes.sorted().joined(separator: ","))
        let redirectSchemes = policy.redirectSchemes.subtracting(["file"])
        if !redirectSchemes.isEmpty { curl.set(CURLOPT_REDIR_PROTOCOLS_STR, redirectSchemes.sorted().joined(separator: ",")) }
        curl.set(CURLOPT_FOLLOWLOCATION, 0)
        curl.set(CURLOPT_PROXY, "")
        curl.set(CURLOPT_SSL_VERIFYPEER, 1)
        curl.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let bundle = policy.caBundlePath { curl.set(CURLOPT_CAINFO, bundle) }
        curl.set(CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(policy.connectTimeout * 1000)))
        curl.set(CURLOPT_TIMEOUT_MS, max(1, timeoutMilliseconds))
        curl.set(CURLOPT_LOW_SPEED_LIMIT, policy.lowSpeedBytesPerSecond)
        curl.set(CURLOPT_LOW_SPEED_TIME, policy.lowSpeedSeconds)
        curl.set(CURLOPT_MAXFILESIZE_LARGE, offset: policy.maxBytes)
        curl.set(CURLOPT_RANGE, offset > 0 ? "\(offset)-" : nil)
        let headers = CurlHeaderList(offset > 0 ? ifRange.map { ["If-Range: \($0)"] } ?? [] : [])
        curl.set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(headers.pointer))

        let me = Unmanaged.passUnretained(self).toOpaque()
        scriptdesk_curl_setopt_write_callback(curl.handle, Self.bodyCallback)
        curl.set(CURLOPT_WRITEDATA, pointer: me)
        scriptdesk_curl_setopt_header_callback(curl.handle, Self.headerCallback)
        curl.set(CURLOPT_HEADERDATA, pointer: me)
        scriptdesk_curl_setopt_opensocket_callback(curl.handle, Self.openSocketCallback)
        curl.set(CURLOPT_OPENSOCKETDATA, pointer: me)

        let result = withExtendedLifetime((self, headers)) { curl.perform() }
        return AttemptOutcome(
            result: result,
            head: head,
            redirectURL: curl.info(string: CURLINFO_REDIRECT_URL),
            fault: fault,
            refusedAddress: refusedAddress,
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
