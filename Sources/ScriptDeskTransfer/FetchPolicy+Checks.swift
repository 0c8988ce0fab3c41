extension FetchPolicy {
    /// Refuses a URL whose scheme or host is outside the policy. `firstHost` is the host of
    /// the fetch's first URL, which an empty `allowedHosts` stands for.
    func check(_ url: TransferURL, isRedirect: Bool, firstHost: String) throws(TransferError) {
        if isRedirect {
            guard url.scheme != "file" else { throw .notAllowed(url: url.redacted, reason: "a redirect may not lead to a file:// URL") }
            guard redirectSchemes.contains(url.scheme) else {
                throw .notAllowed(url: url.redacted, reason: "a redirect led to \(url.scheme), and only \(Self.list(redirectSchemes)) may follow")
            }
        } else {
            guard schemes.contains(url.scheme) else {
                throw .notAllowed(url: url.redacted, reason: "only \(Self.list(schemes)) URLs may be fetched")
            }
        }
        guard url.scheme != "file" else { return }
        let hosts = allowedHosts.isEmpty ? [firstHost] : Set(allowedHosts.map(TransferURL.normalizedHost))
        guard hosts.contains(url.host) else {
            throw .notAllowed(url: url.redacted, reason: "the host \(url.host) is not one of \(Self.list(hosts))")
        }
    }

    /// Whether a connection may be made to `address`: any address outside the restricted
    /// ranges, and restricted ones inside `allowedNetworks`.
    func permitsConnection(to address: IPAddress) -> Bool {
        guard IPNetwork.isRestricted(address) else { return true }
        let plain = address.unmapped
        return allowedNetworks.contains { $0.contains(plain) || $0.contains(address) }
    }

    private static func list(_ names: Set<String>) -> String {
        names.sorted().joined(separator: ", ")
    }
}
