extension FetchPolicy {
    /// Refuses a URL whose scheme or host is outside the policy. `redirectedFrom` is the URL
    /// whose answer redirected to `url`, nil for the first; `firstHost` is the host of the
    /// fetch's first URL, which an empty `allowedHosts` stands for. A redirect from https
    /// to http is refused as a downgrade, whatever the host and `redirectSchemes`.
    func check(_ url: TransferURL, redirectedFrom previous: TransferURL?, firstHost: String) throws(TransferError) {
        if let previous {
            guard url.scheme != "file" else { throw .notAllowed(url: url.redacted, reason: "a redirect may not lead to a file:// URL") }
            guard previous.scheme != "https" || url.scheme != "http" else {
                throw .downgrade(url: previous.redacted, target: url.redacted)
            }
            guard redirectSchemes(from: previous.scheme).contains(url.scheme) else {
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

    /// The schemes a redirect from a URL of `scheme` may lead to: `redirectSchemes` without
    /// `file`, and without `http` after `https`, so that TLS once used is never left.
    func redirectSchemes(from scheme: String) -> Set<String> {
        let schemes = redirectSchemes.subtracting(["file"])
        return scheme.lowercased() == "https" ? schemes.subtracting(["http"]) : schemes
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
