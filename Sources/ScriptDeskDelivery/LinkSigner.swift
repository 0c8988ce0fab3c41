import Crypto
public import Foundation
public import ScriptDeskCore

/// Mints and checks download tokens.
///
/// A token is base64url (no padding) of 53 bytes: version (1), key id (4), link id (16),
/// and an HMAC-SHA256 (32) over the link's canonical tuple: purpose, link id, object id,
/// content SHA-256, file name, audience, not-before, expiry and download allowance. The
/// tuple itself stays in the database, so a token is short and says nothing about the file.
public struct LinkSigner: Sendable {
    static let version: UInt8 = 1
    static let tokenLength = 1 + 4 + 16 + 32
    static let tokenCharacters = 71

    /// The keys that sign and verify.
    public let keys: KeyringSource

    /// A signer whose keys come from `keys`, which may follow rotations made by other
    /// processes.
    public init(keys: KeyringSource) {
        self.keys = keys
    }

    /// A signer with a keyring fixed in memory.
    public init(keyring: SigningKeyring) {
        self.init(keys: KeyringSource(keyring))
    }

    /// The keyring in force.
    public var keyring: SigningKeyring { keys.keyring }

    /// A new link id: 16 random bytes as 32 hex digits.
    public static func newLinkID() -> String {
        SigningKeyring.randomHex(bytes: 16)
    }

    /// The token for `link`, which must name a key of this keyring.
    public func token(for link: DownloadLink) throws(LinkRefusal) -> String {
        guard let key = keys.key(link.keyID), let keyBytes = Hex.decode(link.keyID), keyBytes.count == 4,
            let idBytes = Hex.decode(link.id), idBytes.count == 16
        else { throw .unknownKey }
        var bytes = [Self.version] + keyBytes + idBytes
        bytes += Array(key.authenticationCode(for: Self.canonical(link)))
        return Base64URL.encode(bytes)
    }

    /// What a token claims before its link is looked up: the link id and key id.
    public struct Claim: Sendable {
        /// The link the token names, 32 hex digits; not yet checked against its signature.
        public var linkID: String
        /// The key that signed the token, eight hex digits; one this server holds.
        public var keyID: String
        var mac: [UInt8]
        /// The key the token names, as held when the claim was read.
        var key: SigningKeyring.Key
    }

    /// Reads a token's shape; refuses anything that is not exactly a token of ours, or names
    /// a key this server does not hold.
    public func claim(in token: String) throws(LinkRefusal) -> Claim {
        guard token.utf8.count == Self.tokenCharacters, let bytes = Base64URL.decode(token), bytes.count == Self.tokenLength,
            bytes[0] == Self.version
        else {
            throw .malformed
        }
        let keyID = Hex.encode(bytes[1..<5])
        guard let key = keys.key(keyID) else { throw .unknownKey }
        return Claim(linkID: Hex.encode(bytes[5..<21]), keyID: keyID, mac: Array(bytes[21...]), key: key)
    }

    /// Checks the claim's signature against the stored link (in constant time), then that
    /// its key has not retired at `now`. Whether the link itself is still live is the
    /// download grant's decision (`DownloadGrant.decide`).
    public func verify(_ claim: Claim, link: DownloadLink, now: Date) throws(LinkRefusal) {
        guard link.id == claim.linkID, link.keyID == claim.keyID else { throw .badSignature }
        let key = claim.key
        // HashedAuthenticationCode's comparison with bytes takes the same time wherever they differ.
        guard key.authenticationCode(for: Self.canonical(link)) == claim.mac else { throw .badSignature }
        if key.isRetired(at: now) { throw .retiredKey }
    }

    /// Each field length-prefixed, so no two different tuples share an encoding; the
    /// purpose first, so a token for one kind of link is never good for another. Times are
    /// whole seconds since 1970 and the allowance a count (empty when unlimited), all in
    /// decimal.
    static func canonical(_ link: DownloadLink) -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(320)
        data.append(contentsOf: "scriptdesk.link.v1".utf8)
        for text in [link.purpose.rawValue, link.id, link.objectID, link.contentSHA256, link.fileName, link.audience.rawValue] {
            append(text.utf8, to: &data)
        }
        append(decimal: Int64(link.notBefore.timeIntervalSince1970.rounded(.down)), to: &data)
        append(decimal: Int64(link.expiresAt.timeIntervalSince1970.rounded(.down)), to: &data)
        if let allowance = link.downloadAllowance {
            append(decimal: Int64(allowance), to: &data)
        } else {
            append([], to: &data)
        }
        return data
    }

    private static func append(_ field: some Collection<UInt8>, to data: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(field.count).bigEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: field)
    }

    /// Appends `value` in decimal as `String(value)` spells it, without making the string.
    private static func append(decimal value: Int64, to data: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var magnitude = value.magnitude
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "-")
            }
            append(UnsafeBufferPointer(rebasing: buffer[start...]), to: &data)
        }
    }
}
