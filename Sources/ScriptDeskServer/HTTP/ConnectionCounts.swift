import ScriptDeskTransfer
import Synchronization

/// The HTTP connections open in this process, in all and per client address, against their
/// limits. Shared by every connection's `ConnectionGuard`.
final class ConnectionCounts: Sendable {
    /// Why a connection was turned away.
    enum Refusal: String {
        /// The process holds its maximum.
        case processFull = "process_full"
        /// The client's address holds its maximum.
        case addressFull = "address_full"
    }

    private let maximum: Int
    private let maximumPerAddress: Int
    /// Proxies, each carrying many clients' connections: held to the process's cap only.
    private let trusted: [IPNetwork]
    private let counts = Mutex<(total: Int, byAddress: [String: Int])>((0, [:]))

    init(maximum: Int, maximumPerAddress: Int, trusted: [IPNetwork] = []) {
        self.maximum = maximum
        self.maximumPerAddress = maximumPerAddress
        self.trusted = trusted
    }

    /// Counts a connection from `address`, or says why it may not be kept.
    func admit(_ address: String) -> Refusal? {
        counts.withLock { counts in
            guard counts.total < maximum else { return .processFull }
            let fromAddress = counts.byAddress[address, default: 0]
            guard fromAddress < maximumPerAddress || ClientAddress.isTrusted(address, trusted) else { return .addressFull }
            counts.total += 1
            counts.byAddress[address] = fromAddress + 1
            return nil
        }
    }

    /// Forgets an admitted connection from `address`.
    func release(_ address: String) {
        counts.withLock { counts in
            counts.total -= 1
            let left = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = left > 0 ? left : nil
        }
    }
}
