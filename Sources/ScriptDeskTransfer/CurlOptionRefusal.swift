import CCurl

/// An option libcurl refused while a handle was set up: what it was for, and libcurl's
/// code. Each caller turns it into its own error.
struct CurlOptionRefusal: Error {
    /// What the option was for, such as "the CA bundle".
    var option: String
    /// libcurl's answer.
    var code: CURLcode

    /// "libcurl cannot apply the CA bundle (...)", for messages.
    var reason: String {
        "libcurl cannot apply \(option) (\(String(cString: curl_easy_strerror(code))))"
    }

    /// Throws the first refusal among `results`, each an option's purpose and libcurl's
    /// answer to it, in the order they were set.
    static func check(_ results: [(String, CURLcode)]) throws(CurlOptionRefusal) {
        if let (option, code) = results.first(where: { $0.1 != CURLE_OK }) {
            throw CurlOptionRefusal(option: option, code: code)
        }
    }
}
