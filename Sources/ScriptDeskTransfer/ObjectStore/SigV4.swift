import Crypto
import Foundation
import ScriptDeskCore

/// AWS Signature Version 4 for presigned (query-string signed) requests: the canonical
/// request, the string to sign, the signing key derived from the secret, and the
/// URI-encoding rules. Requests sent by this process are signed by libcurl
/// (`CURLOPT_AWS_SIGV4`); only URLs handed to clients are signed here.
enum SigV4 {
    static let algorithm = "AWS4-HMAC-SHA256"
    static let service = "s3"

    /// What one presigned request is made of.
    struct Request {
        var method: String
        /// The `Host` header the client will send (`host` or `host:port`).
        var host: String
        /// The path, already URI-encoded (each segment encoded, `/` kept).
        var encodedPath: String
        /// Query parameters besides the signature's own, unencoded.
        var query: [String: String]
    }

    /// The query string of `request` signed for `lifetime` seconds from `now`: the request's
    /// own parameters and the `X-Amz-*` ones, each URI-encoded, ending with `X-Amz-Signature`.
    static func presignedQuery(
        _ request: Request,
        accessKeyID: String,
        secretAccessKey: String,
        region: String,
        now: Date,
        lifetime: Int
    ) -> String {
        let (day, stamp) = timestamps(now)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        var parameters = request.query
        parameters["X-Amz-Algorithm"] = algorithm
        parameters["X-Amz-Credential"] = "\(accessKeyID)/\(scope)"
        parameters["X-Amz-Date"] = stamp
        parameters["X-Amz-Expires"] = String(lifetime)
        parameters["X-Amz-SignedHeaders"] = "host"
        let query =
            parameters
            .map { (encode($0.key), encode($0.value)) }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
        let canonicalRequest = [
            request.method, request.encodedPath, query, "host:\(request.host)", "", "host", "UNSIGNED-PAYLOAD",
        ].joined(separator: "\n")
        let stringToSign = [algorithm, stamp, scope, Hex.encode(SHA256.hash(data: Data(canonicalRequest.utf8)))].joined(separator: "\n")
        let key = signingKey(secretAccessKey: secretAccessKey, day: day, region: region)
        let signature = Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        return "\(query)&X-Amz-Signature=\(signature)"
    }

    /// The key that signs a day's requests in one region: the secret is chained through
    /// HMAC-SHA256 with the day, the region, the service and `aws4_request`.
    static func signingKey(secretAccessKey: String, day: String, region: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data("AWS4\(secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// URI-encodes per SigV4: every byte except the unreserved `A-Z a-z 0-9 - _ . ~` becomes
    /// `%XY` (upper-case hex); with `keepingSlashes`, `/` stays as well (for paths).
    static func encode(_ text: String, keepingSlashes: Bool = false) -> String {
        var encoded = ""
        for byte in text.utf8 {
            let unreserved =
                (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || "-_.~".utf8.contains(byte)
            if unreserved || (keepingSlashes && byte == UInt8(ascii: "/")) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0x0f, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    /// `20130524` and `20130524T000000Z` for a moment, in UTC.
    static func timestamps(_ date: Date) -> (day: String, stamp: String) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))"
        return (day, "\(day)T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z")
    }
}
