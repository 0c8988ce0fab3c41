import Foundation
import PostgresKit
import PostgresNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether connections to PostgreSQL use TLS, from the database URL's `sslmode`: `disable`,
/// `prefer` (TLS when the server offers it) or `require` (TLS or no connection; `verify-ca`
/// and `verify-full` mean the same, as the certificate and host name are always verified when
/// TLS is used). Without `sslmode`, `require` for a server on another host, and `prefer` for
/// a local one: `localhost`, 127.0.0.0/8, `::1`, or a Unix socket (`postgres+uds://`).
public enum PostgresTLSMode: String, Sendable, Hashable, CaseIterable {
    /// Never TLS.
    case disable
    /// TLS when the server offers it, plain text when it does not.
    case prefer
    /// TLS, or the connection fails.
    case require

    /// The query parameters that name the mode (postgres-kit reads all four; the last wins).
    static let parameterNames: Set<String> = ["sslmode", "tlsmode", "ssl", "tls"]

    /// The `sslmode` values accepted, and the mode each means.
    static let values: [String: PostgresTLSMode] = [
        "disable": .disable, "false": .disable, "allow": .prefer, "true": .prefer, "prefer": .prefer, "require": .require, "verify-ca": .require,
        "verify-full": .require,
    ]

    /// The mode for the database at `url`: its explicit `sslmode`, or the default for its host.
    /// Throws `store.invalid_database_url` for a URL that does not parse or an unknown mode.
    public init(url: String) throws(StoreError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw .invalidDatabaseURL(reason: "it is not a URL")
        }
        let explicit = components.queryItems?.last { Self.parameterNames.contains($0.name.lowercased()) }
        if let explicit {
            let value = (explicit.value ?? "").lowercased()
            guard let mode = Self.values[value] else {
                throw .invalidDatabaseURL(reason: "sslmode must be disable, prefer or require, not '\(value)'")
            }
            self = mode
        } else {
            let isSocket = scheme.hasSuffix("+uds")
            self = isSocket || Self.isLocal(host: components.host ?? "") ? .prefer : .require
        }
    }

    /// Whether `host` is this machine: `localhost`, an address in 127.0.0.0/8, or `::1`.
    static func isLocal(host: String) -> Bool {
        var host = Substring(host.lowercased())
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        if host.hasSuffix(".") { host = host.dropLast() }
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, String(host), &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, String(host), &v6) == 1 else { return false }
        return withUnsafeBytes(of: &v6) { Array($0) } == Array(repeating: 0, count: 15) + [1]
    }

    /// `url` with this mode as its only `sslmode`, as postgres-kit reads it.
    func applied(to url: String) throws(StoreError) -> String {
        guard var components = URLComponents(string: url) else { throw .invalidDatabaseURL(reason: "it is not a URL") }
        let others = (components.percentEncodedQueryItems ?? []).filter { !Self.parameterNames.contains($0.name.lowercased()) }
        components.percentEncodedQueryItems = others + [URLQueryItem(name: "sslmode", value: rawValue)]
        guard let text = components.string else { throw .invalidDatabaseURL(reason: "it is not a URL") }
        return text
    }
}

extension PostgresTLSMode {
    /// How to connect to the database at `url`, with the TLS mode it calls for.
    static func connection(url: String) throws -> PostgresConnection.Configuration {
        try SQLPostgresConfiguration(url: try PostgresTLSMode(url: url).applied(to: url)).coreConfiguration
    }

    /// Why a connection failed, said plainly when it was for want of TLS.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError, error.code == .sslUnsupported else { return String(reflecting: error) }
        return "the server does not offer TLS, and sslmode=require (the default for a server on another host) "
            + "allows no connection without it; turn TLS on at the server, or, for a trusted network only, "
            + "add sslmode=prefer or sslmode=disable to SCRIPTDESK_DATABASE_URL"
    }
}
