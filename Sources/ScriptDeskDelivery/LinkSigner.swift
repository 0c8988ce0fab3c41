import Crypto
import Foundation
import ScriptDeskCore

/// Mints and checks download tokens.
///
/// A token is base64url (no padding) of 53 bytes: version (1), key id (4), link id (16),
/// and an HMAC-SHA256 (32) over the link's canonical tuple: link id, object id, content
/// SHA-256, file name, audience, not-before and expiry. The tuple itself stays in the
/// database, so a token is short and says nothing about the file.
public struct LinkSigner: Sendable {
    static let version: UInt8 = 1
    static let tokenLength = 1 + 4 + 16 + 32

    /// The keys that sign and verify.
    public let keyring: SigningKeyring
    /// How early a link may be used before its not-before time, for clocks that disagree.
    public var clockSkew: TimeInterval

    public init(keyring: SigningKeyring, clockSkew: TimeInterval = 30) {
        self.keyring = keyring
        self.clockSkew = clockSkew
    }

    /// A new link id: 16 random bytes as 32 hex digits.
    public static func newLinkID() -> String {
        SigningKeyring.randomHex(bytes: 16)
    }

    /// The token for `link`, which must name this keyring's key.
    public func token(for link: DownloadLink) throws(LinkRefusal) -> String {
        guard let key = keyring.key(link.keyID), let keyBytes = Self.hexBytes(link.keyID), keyBytes.count == 4,
            let idBytes = Self.hexBytes(link.id), idBytes.count == 16
        else { throw .unknownKey }
        var bytes = [Self.version] + keyBytes + idBytes
        bytes += Array(HMAC<SHA256>.authenticationCode(for: Self.canonical(link), using: key.secret))
        return Base64URL.encode(bytes)
    }

    /// What a token claims before its link is looked up: the link id and key id.
    public struct Claim: Sendable, Hashable {
        public var linkID: String
        public var keyID: String
        var mac: [UInt8]
    }

    /// Reads a token's shape; refuses anything that is not exactly a token of ours.
    public func claim(in token: String) throws(LinkRefusal) -> Claim {
        guard token.utf8.count == 71, let bytes = Base64URL.decode(token), bytes.count == Self.tokenLength, bytes[0] == Self.version else {
            throw .malformed
        }
        let keyID = Self.hex(bytes[1..<5])
        guard keyring.key(keyID) != nil else { throw .unknownKey }
        return Claim(linkID: Self.hex(bytes[5..<21]), keyID: keyID, mac: Array(bytes[21...]))
    }

    /// Checks the claim's signature against the stored link (in constant time), then its
    /// revocation and validity window at `now`.
    public func verify(_ claim: Claim, link: DownloadLink, now: Date) throws(LinkRefusal) {
        guard link.id == claim.linkID, link.keyID == claim.keyID, let key = keyring.key(claim.keyID) else { throw .badSignature }
        guard HMAC<SHA256>.isValidAuthenticationCode(claim.mac, authenticating: Self.canonical(link), using: key.secret) else {
            throw .badSignature
        }
        if link.revokedAt != nil { throw .revoked }
        if now + clockSkew < link.notBefore { throw .notYetValid }
        if now > link.expiresAt { throw .expired(at: link.expiresAt) }
    }

    /// Each field length-prefixed, so no two different tuples share an encoding.
    static func canonical(_ link: DownloadLink) -> Data {
        var data = Data("scriptdesk.link.v1".utf8)
        let fields = [
            link.id, link.objectID, link.contentSHA256, link.fileName, link.audience.rawValue,
            String(Int64(link.notBefore.timeIntervalSince1970.rounded(.down))),
            String(Int64(link.expiresAt.timeIntervalSince1970.rounded(.down))),
        ]
        for field in fields {
            let bytes = Array(field.utf8)
            withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { data.append(contentsOf: $0) }
            data.append(contentsOf: bytes)
        }
        return data
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: chars.count, by: 2) {
            guard let byte = UInt8(String(decoding: chars[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
