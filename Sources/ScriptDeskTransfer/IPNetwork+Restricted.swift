extension IPNetwork {
    /// The ranges an http(s) connection may not reach unless a policy's `allowedNetworks`
    /// names them: this host and "this network", private networks (RFC 1918), shared address
    /// space (CGNAT, RFC 6598), link-local, benchmarking (RFC 2544), multicast, reserved
    /// IPv4, and in IPv6 the unspecified and loopback addresses, IPv4-compatible addresses,
    /// NAT64 (RFC 6052, and the local-use prefix of RFC 8215) and 6to4 (RFC 3056) prefixes, which lead to an IPv4 address of
    /// their own choosing through a gateway, unique-local, site-local, link-local and
    /// multicast ranges. IPv4-mapped IPv6 addresses are judged by the IPv4 address they carry.
    public static let restricted: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
        "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    ].map { try! IPNetwork($0) }

    /// Whether `address` lies in a restricted range (after unmapping IPv4-mapped IPv6).
    public static func isRestricted(_ address: IPAddress) -> Bool {
        let plain = address.unmapped
        return restricted.contains { $0.contains(plain) }
    }
}
