extension IPNetwork {
    /// The ranges an http(s) connection may not reach unless a policy's `allowedNetworks`
    /// names them: this host and "this network", private networks (RFC 1918), shared address
    /// space (CGNAT, RFC 6598), link-local, multicast, reserved IPv4, and in IPv6 the
    /// unspecified and loopback addresses, IPv4-compatible addresses, unique-local,
    /// link-local and multicast ranges. IPv4-mapped IPv6 addresses are judged by the IPv4
    /// address they carry.
    public static let restricted: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4",
        "::/96", "fc00::/7", "fe80::/10", "ff00::/8",
    ].map { try! IPNetwork($0) }

    /// Whether `address` lies in a restricted range (after unmapping IPv4-mapped IPv6).
    public static func isRestricted(_ address: IPAddress) -> Bool {
        let plain = address.unmapped
        return restricted.contains { $0.contains(plain) }
    }
}
