import CCurl
import CCurlShim
import ScriptDeskCore

/// One fetch from its first URL to a verified file: follows redirects itself, checking each
/// hop against the policy before requesting it; resumes a cut body with a range request;
/// checks the size and SHA-256; and removes the file on any failure. Once cancelled it
/// neither resumes nor follows a redirect, and its transfer under way is aborted. Blocks:
/// run it on a thread pool.
struct TransferSession {
    let policy: FetchPolicy
    let path: String
    let expected: ExpectedContent?
    let deadline: ContinuousClock.Instant

    init(policy: FetchPolicy, path: String, expected: ExpectedContent?) {
        self.policy = policy
        self.path = path
        self.expected = expected
        self.deadline = .now + .milliseconds(Int64(policy.totalTimeout * 1000))
    }

    /// Fetches `text` to `path` and returns the file's size and hash. Throws `TransferError`,
    /// or `CancellationError` once `cancellation` is set between requests.
    func run(_ text: String, cancellation: TransferCancellation) throws -> FetchedFile {
        let first = try TransferURL(text)
        try policy.check(first, redirectedFrom: nil, firstHost: first.host)
        if let expected, expected.bytes > policy.maxBytes { throw TransferError.tooLarge(limit: policy.maxBytes, url: first.redacted) }
        let sink = try FileSink(path: path)
        do {
            return try transfer(from: first, into: sink, cancellation: cancellation)
        } catch {
            sink.remove()
            throw error
        }
    }

    private func transfer(from first: TransferURL, into sink: FileSink, cancellation: TransferCancellation) throws -> FetchedFile {
        var url = first
        var hops = 0
        var resumes = 0
        var etag: String?
        while true {
            // A cancelled fetch is not resumed, nor redirected: its task wants no more of it.
            guard !cancellation.isCancelled else { throw CancellationError() }
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { throw TransferError.timeout(url: url.redacted) }
            let attempt = TransferAttempt(url: url, policy: policy, sink: sink, expected: expected)
            let outcome = try attempt.run(ifRange: etag, timeoutMilliseconds: Int(remaining.wholeMilliseconds), cancellation: cancellation)
            if outcome.head.status == 200 || outcome.startedOver { etag = outcome.head.strongETag }
            switch try next(after: outcome, of: attempt, sink: sink) {
            case .done(let file):
                return file
            case .resume:
                resumes += 1
                guard resumes <= policy.resumeAttempts else { throw give(up: outcome, url: url, sink: sink) }
            case .redirect(let location):
                hops += 1
                guard hops <= policy.maxRedirects else {
                    throw TransferError.notAllowed(url: first.redacted, reason: "it redirected more than \(policy.maxRedirects) times")
                }
                let target: TransferURL
                do { target = try TransferURL(location) } catch {
                    throw TransferError.notAllowed(url: url.redacted, reason: "it redirected to a URL that does not parse")
                }
                try policy.check(target, redirectedFrom: url, firstHost: first.host)
                url = target
            }
        }
    }

    /// What to do after a request: finish, resume, or follow a redirect; throws when the
    /// outcome is final.
    private func next(after outcome: AttemptOutcome, of attempt: TransferAttempt, sink: FileSink) throws(TransferError) -> Step {
        let url = attempt.url
        if let address = outcome.refusedAddress, outcome.result == CURLE_COULDNT_CONNECT {
            throw .notAllowed(url: url.redacted, reason: "its host resolves to \(address), a restricted address outside the allowed networks")
        }
        switch outcome.fault {
        case .tooLarge: throw .tooLarge(limit: policy.maxBytes, url: url.redacted)
        case .longerThanExpected: throw .sizeMismatch(expected: expected?.bytes ?? 0, url: url.redacted)
        case .localIO(let error): throw .localIO(path: path, errno: error)
        case .rangeMismatch:
            if let error = sink.restart() { throw .localIO(path: path, errno: error) }
            return .resume
        case nil: break
        }
        let status = outcome.head.status
        if (300..<400).contains(status), let location = outcome.redirectURL { return .redirect(location) }
        if status == 416 && attempt.offset > 0 { throw .shortBody(received: attempt.offset, expected: expected?.bytes, url: url.redacted) }
        if status >= 300 { throw TransferError(status: status, url: url) }
        guard outcome.result == CURLE_OK else {
            if sink.written > 0 && TransferError.isResumable(outcome.result) { return .resume }
            throw TransferError(curl: outcome.result, url: url, received: sink.written, expected: expected?.bytes, limit: policy.maxBytes)
        }
        if let expected, sink.written < expected.bytes {
            // A local file cannot have been cut on the way: it is another file than the expected one.
            guard url.scheme != "file" else { throw .sizeMismatch(expected: expected.bytes, url: url.redacted) }
            return .resume
        }
        let file = try sink.finish()
        if let expected, file.sha256 != expected.sha256 {
            throw .checksumMismatch(expected: expected.sha256, actual: file.sha256, url: url.redacted)
        }
        return .done(file)
    }

    /// The error once resuming has been tried enough.
    private func give(up outcome: AttemptOutcome, url: TransferURL, sink: FileSink) -> TransferError {
        guard outcome.result != CURLE_OK, outcome.fault == nil else {
            return .shortBody(received: sink.written, expected: expected?.bytes, url: url.redacted)
        }
        return TransferError(curl: outcome.result, url: url, received: sink.written, expected: expected?.bytes, limit: policy.maxBytes)
    }

    private enum Step {
        case done(FetchedFile)
        case resume
        case redirect(String)
    }
}
