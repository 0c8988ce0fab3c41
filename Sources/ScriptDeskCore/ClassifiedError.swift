/// An error that says whether trying again may help: the queue retries a job that threw a
/// transient one, with backoff, and gives up at once on a permanent one.
public protocol ClassifiedError: ScriptDeskError {
    /// Transient errors (network, 5xx, timeouts, a full disk, a database that is away) are
    /// retried with backoff; permanent ones (a missing script, a PDF that fails its check)
    /// make the job dead at once.
    var isTransient: Bool { get }
}
