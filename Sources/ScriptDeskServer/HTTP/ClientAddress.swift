import Foundation
import ScriptDeskTransfer

/// Who a request came from, for the audit: the peer's address, unless the peer is a trusted
/// proxy, in which case the nearest address in its `X-Forwarded-For` that is not itself a
/// trusted proxy. Entries are read from the right, where the proxy nearest this server put
/// its own peer: those further left were written by the client and could be anything.
enum ClientAddress {
    static func resolve(peer: String, forwardedFor: String?, trusted: [IPNetwork]) -> String {
        guard let forwardedFor, isTrusted(peer, trusted) else { return peer }
        var nearest = peer
        for entry in forwardedFor.split(separator: ",").reversed() {
            let text = entry.trimmingCharacters(in: .whitespaces)
            // A malformed hop ends the chain: what lies beyond it cannot be believed.
            guard IPAddress(text) != nil else { return nearest }
            nearest = text
            if !isTrusted(text, trusted) { return text }
        }
        return nearest
    }

    static func isTrusted(_ address: String, _ trusted: [IPNetwork]) -> Bool {
        guard !trusted.isEmpty, let parsed = IPAddress(address) else { return false }
        return trusted.contains { $0.contains(parsed) }
    }
}
