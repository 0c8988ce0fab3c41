extension FetchPolicy {
    /// The policy for an object store an administrator has configured: the endpoint's scheme
    /// and host only, no redirects, bodies up to 4 GiB. Because the endpoint is trusted, it
    /// may be on a restricted network: a literal address is allowed exactly, and a host name
    /// may resolve to loopback or private addresses (only that host is ever contacted).
    public static func objectStore(at endpoint: ObjectStoreEndpoint, maxBytes: Int64 = 4 << 30) -> FetchPolicy {
        let networks: Set<IPNetwork> =
            if let address = IPAddress(endpoint.host) {
                [IPNetwork(unchecked: address, prefixLength: address.bytes.count * 8)]
            } else {
                Set(IPNetwork.restricted)
            }
        return FetchPolicy(
            schemes: [endpoint.scheme],
            redirectSchemes: [],
            maxRedirects: 0,
            maxBytes: maxBytes,
            totalTimeout: 600,
            resumeAttempts: 0,
            allowedHosts: [endpoint.host],
            allowedNetworks: networks
        )
    }
}
