import CPoppler

#if canImport(Glibc)
import Glibc
#endif

/// Collects the messages poppler logs while one thread reads one document.
///
/// poppler reports what it repairs or skips (a damaged image, a broken cross-reference)
/// only through glib logging in the "Poppler" domain, and glib's handler is process-wide.
/// poppler calls it synchronously on the thread doing the work, so the handler files each
/// message with the collector that thread registered: checks on other threads, or in other
/// processes, cannot mix their messages in.
final class PopplerLog {
    private(set) var messages: [String] = []

    /// Runs `body` with this thread's poppler messages collected, and returns them with its result.
    static func collecting<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> (result: T, messages: [String]) {
        _ = handlerInstalled
        let collector = PopplerLog()
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(collector).toOpaque())
        defer { pthread_setspecific(key, previous) }
        let result = try withExtendedLifetime(collector) { () throws(E) -> T in try body() }
        return (result, collector.messages)
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    private static let handlerInstalled: Void = {
        let levels = GLogLevelFlags(rawValue: G_LOG_LEVEL_MASK.rawValue | G_LOG_FLAG_FATAL.rawValue | G_LOG_FLAG_RECURSION.rawValue)
        g_log_set_handler(
            "Poppler",
            levels,
            { domain, level, message, _ in
                guard let slot = pthread_getspecific(PopplerLog.key) else {
                    g_log_default_handler(domain, level, message, nil)
                    return
                }
                let collector = Unmanaged<PopplerLog>.fromOpaque(slot).takeUnretainedValue()
                collector.messages.append(message.map { String(cString: $0) } ?? "")
            },
            nil
        )
    }()
}

@available(*, unavailable, message: "a collector belongs to the thread that registered it")
extension PopplerLog: Sendable {}
