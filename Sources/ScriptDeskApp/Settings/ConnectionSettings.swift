import Configuration
import Foundation
public import ScriptDeskTransfer

/// How long and how many HTTP connections the server keeps, so that clients that open
/// connections and never finish a request (slowloris) cannot hold it.
public struct ConnectionSettings: Sendable, Hashable {
    /// From a connection's opening to its first complete request head
    /// (`SCRIPTDESK_HTTP_HEAD_TIMEOUT_SECONDS`, 10).
    public var headTimeout: Duration
    /// From the end of a response to the next complete request head on the same connection
    /// (`SCRIPTDESK_HTTP_IDLE_TIMEOUT_SECONDS`, 60).
    public var idleTimeout: Duration
    /// Open connections this process keeps; one more is closed at once
    /// (`SCRIPTDESK_HTTP_MAX_CONNECTIONS`, 4,096).
    public var maximumConnections: Int
    /// Open connections from one client address (`SCRIPTDESK_HTTP_MAX_CONNECTIONS_PER_ADDRESS`,
    /// 256; behind a proxy, every connection comes from the proxy, so raise it there).
    public var maximumPerAddress: Int
    /// The proxies whose `X-Forwarded-For` is believed, as addresses or CIDR ranges
    /// (`SCRIPTDESK_TRUSTED_PROXIES`, comma-separated, none by default). A connection from one
    /// of them is recorded under the client's address it forwards, and is not held to the
    /// per-address cap.
    public var trustedProxies: [IPNetwork]

    /// Settings with the documented defaults.
    public init(
        headTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        maximumConnections: Int = 4_096,
        maximumPerAddress: Int = 256,
        trustedProxies: [IPNetwork] = []
    ) {
        self.headTimeout = headTimeout
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
        self.maximumPerAddress = maximumPerAddress
        self.trustedProxies = trustedProxies
    }

    static func settings(from config: ConfigReader) throws -> ConnectionSettings {
        let head = try Settings.number(
            config.string(forKey: "scriptdesk.http.head.timeout.seconds", default: "10"),
            name: "request head timeout (SCRIPTDESK_HTTP_HEAD_TIMEOUT_SECONDS)",
            range: 1...600
        )
        let idle = try Settings.number(
            config.string(forKey: "scriptdesk.http.idle.timeout.seconds", default: "60"),
            name: "idle connection timeout (SCRIPTDESK_HTTP_IDLE_TIMEOUT_SECONDS)",
            range: 1...3_600
        )
        let total = try Settings.number(
            config.string(forKey: "scriptdesk.http.max.connections", default: "4096"),
            name: "connection limit (SCRIPTDESK_HTTP_MAX_CONNECTIONS)",
            range: 1...1_000_000
        )
        let perAddress = try Settings.number(
            config.string(forKey: "scriptdesk.http.max.connections.per.address", default: "256"),
            name: "connection limit per address (SCRIPTDESK_HTTP_MAX_CONNECTIONS_PER_ADDRESS)",
            range: 1...1_000_000
        )
        var proxies: [IPNetwork] = []
        for entry in config.string(forKey: "scriptdesk.trusted.proxies", default: "").split(separator: ",") {
            let text = entry.trimmingCharacters(in: .whitespaces)
            do {
                proxies.append(try IPNetwork(text))
            } catch {
                throw SettingsError(
                    message: "SCRIPTDESK_TRUSTED_PROXIES must list IP addresses or CIDR ranges, such as 10.0.0.5,10.1.0.0/16: \(error)"
                )
            }
        }
        return ConnectionSettings(
            headTimeout: .seconds(head),
            idleTimeout: .seconds(idle),
            maximumConnections: total,
            maximumPerAddress: perAddress,
            trustedProxies: proxies
        )
    }
}
