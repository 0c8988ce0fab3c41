/// A range of IP addresses in CIDR notation, such as `10.0.0.0/8` or `fd00::/8`.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the range (its host bits are zero).
    public let address: IPAddress
    /// How many leading bits every address in the range shares.
    public let prefixLength: Int

    /// Parses `address/prefix`, or a single address (a /32 or /128 range).
    /// Throws when the text is not CIDR, the prefix is out of range, or host bits are set
    /// (`10.0.0.1/8` is refused rather than silently read as `10.0.0.0/8`).
    public init(_ text: String) throws(TransferConfigurationError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else { throw .invalidNetwork(text, reason: "it does not start with an IP address") }
        let width = address.bytes.count * 8
        var prefix = width
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...width).contains(value) else {
                throw .invalidNetwork(text, reason: "the prefix length must be a number from 0 to \(width)")
            }
            prefix = value
        }
        let network = Self(unchecked: address, prefixLength: prefix)
        guard network.address == address else {
            throw .invalidNetwork(text, reason: "host bits are set; the range starts at \(network.address)/\(prefix)")
        }
        self = network
    }

    /// The range of `prefixLength` bits starting at `address`, host bits cleared.
    init(unchecked address: IPAddress, prefixLength: Int) {
        self.address = IPAddress(bytes: Self.masked(address.bytes, prefixLength))!
        self.prefixLength = prefixLength
    }

    /// Whether `candidate` (of the same family) lies in this range.
    public func contains(_ candidate: IPAddress) -> Bool {
        candidate.bytes.count == address.bytes.count && Self.masked(candidate.bytes, prefixLength) == address.bytes
    }

    /// `address/prefix`.
    public var description: String { "\(address)/\(prefixLength)" }

    private static func masked(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = min(max(prefix - index * 8, 0), 8)
            return kept == 8 ? byte : byte & ~(UInt8(0xff) >> kept)
        }
    }
}
