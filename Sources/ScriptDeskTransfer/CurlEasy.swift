import CCurl
import CCurlShim
import Foundation

/// Owns one libcurl easy handle and the error buffer it writes to; freed in `deinit`. One
/// transfer at a time. `setUp(_:cancellation:)` gives it what every transfer shares.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// Where libcurl writes a sentence about a failure (`CURLOPT_ERRORBUFFER`).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// Set by `setUp`: read by the progress callback, which aborts the transfer once cancelled.
    var cancellation: TransferCancellation?
    /// Set by `setUp`: the policy each connection's address must satisfy.
    var addressPolicy: FetchPolicy?
    /// An address a connection was refused to, by `addressPolicy`.
    var refusedAddress: IPAddress?

    /// `curl_global_init` must run once, before any handle, and is not thread-safe itself.
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    init() throws(TransferError) {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else {
            throw .network(code: -1, message: "libcurl could not create a handle", url: "(none)")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        set(CURLOPT_NOSIGNAL, 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    @discardableResult
    func set(_ option: CURLoption, _ value: Int) -> CURLcode {
        scriptdesk_curl_setopt_long(handle, option, value)
    }

    /// Sets a string option; nil resets it to curl's default.
    @discardableResult
    func set(_ option: CURLoption, _ value: String?) -> CURLcode {
        if let value {
            scriptdesk_curl_setopt_string(handle, option, value)
        } else {
            scriptdesk_curl_setopt_pointer(handle, option, nil)
        }
    }

    @discardableResult
    func set(_ option: CURLoption, offset value: Int64) -> CURLcode {
        scriptdesk_curl_setopt_off(handle, option, curl_off_t(value))
    }

    @discardableResult
    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) -> CURLcode {
        scriptdesk_curl_setopt_pointer(handle, option, value)
    }

    /// Points the error buffer's option at this handle's buffer.
    func setErrorBuffer() -> CURLcode {
        set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
    }

    /// What libcurl wrote about the last failure; empty when it wrote nothing.
    var errorDetail: String { String(cString: errorBuffer) }

    func info(_ item: CURLINFO) -> Int {
        var value = 0
        scriptdesk_curl_getinfo_long(handle, item, &value)
        return value
    }

    func info(string item: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard scriptdesk_curl_getinfo_string(handle, item, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    /// Performs the transfer; one already cancelled is not begun, and answers as libcurl
    /// does for one the progress callback aborted.
    func perform() -> CURLcode {
        if cancellation?.isCancelled == true { return CURLE_ABORTED_BY_CALLBACK }
        return curl_easy_perform(handle)
    }
}

@available(*, unavailable, message: "a curl easy handle must be used by one thread at a time")
extension CurlEasy: Sendable {}
