import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The link-signing keys, kept as files in `Storage/keys/` (folder 0700, files 0600).
///
/// A key is 32 random bytes in `link-<id>.key`; `current` names the key that signs new
/// links. The first run creates both.
public struct SigningKeyring: Sendable {
    /// One key.
    public struct Key: Sendable {
        /// Eight hex digits, carried in every token the key signs.
        public var id: String
        /// The HMAC-SHA256 secret.
        public var secret: SymmetricKey
    }

    /// The key that signs new links.
    public let current: Key
    private let keys: [String: Key]

    /// Loads the keyring from `folder`, creating the folder and a first key when missing.
    public static func loadOrCreate(folder: String) throws -> SigningKeyring {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(folder, 0o700)
        let pointer = "\(folder)/current"
        if !FileManager.default.fileExists(atPath: pointer) {
            let id = randomHex(bytes: 4)
            let secret = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
            try SecretFile.store(secret, at: "\(folder)/link-\(id).key", replacing: false)
            try SecretFile.store(Data(id.utf8), at: pointer, replacing: false)
        }
        var keys: [String: Key] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasPrefix("link-") && name.hasSuffix(".key") {
            let id = String(name.dropFirst(5).dropLast(4))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
            guard bytes.count == 32 else { throw KeyringError.damagedKey(path: "\(folder)/\(name)") }
            keys[id] = Key(id: id, secret: SymmetricKey(data: bytes))
        }
        let currentID = try String(contentsOfFile: pointer, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let current = keys[currentID] else { throw KeyringError.missingCurrentKey(id: currentID, folder: folder) }
        return SigningKeyring(current: current, keys: keys)
    }

    /// A keyring held in memory, for tests.
    public init(current: Key, others: [Key] = []) {
        self.init(current: current, keys: Dictionary(uniqueKeysWithValues: ([current] + others).map { ($0.id, $0) }))
    }

    private init(current: Key, keys: [String: Key]) {
        self.current = current
        self.keys = keys
    }

    /// The key with `id`, if the keyring holds it.
    public func key(_ id: String) -> Key? { keys[id] }

    /// Random bytes as lowercase hex.
    public static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// Problems with the key files.
public enum KeyringError: Error, Sendable, CustomStringConvertible {
    case damagedKey(path: String)
    case missingCurrentKey(id: String, folder: String)
    case cannotWrite(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .damagedKey(let path): "The signing key \(path) is not 32 bytes; restore it from backup or remove it."
        case .missingCurrentKey(let id, let folder): "\(folder)/current names key \(id), which is not in the folder."
        case .cannotWrite(let path, let errno): "Could not write \(path): \(String(cString: strerror(errno)))."
        }
    }
}
