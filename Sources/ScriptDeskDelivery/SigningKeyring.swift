public import Crypto
public import Foundation
import ScriptDeskCore

#if canImport(Glibc)
import Glibc
#endif

/// The link-signing keys, kept as files in `Storage/keys/` (folder 0700, files 0600).
///
/// A key is 32 random bytes in `link-<id>.key`; `keyring.json` names the key that signs new
/// links and when each earlier key stops verifying. The first run creates both; `rotate`
/// makes a new current key and gives the one before it an overlap in which links it
/// signed still work.
public struct SigningKeyring: Sendable {
    /// One key.
    public struct Key: Sendable {
        /// Eight hex digits, carried in every token the key signs.
        public var id: String
        /// The HMAC-SHA256 secret.
        public let secret: SymmetricKey
        /// From this instant the key verifies nothing; `nil` while it is in service.
        public var retiresAt: Date?
        /// An HMAC already keyed with the secret, copied for each message: the key's padding
        /// is hashed once, not once per token.
        let keyed: HMAC<SHA256>

        /// A key with its eight-hex-digit `id` and 32-byte `secret`, in service until
        /// `retiresAt` (`nil`: no end).
        public init(id: String, secret: SymmetricKey, retiresAt: Date? = nil) {
            self.id = id
            self.secret = secret
            self.retiresAt = retiresAt
            self.keyed = HMAC(key: secret)
        }

        /// The HMAC-SHA256 of `message` under this key.
        func authenticationCode(for message: [UInt8]) -> HashedAuthenticationCode<SHA256> {
            var mac = keyed
            mac.update(data: message)
            return mac.finalize()
        }

        /// Whether the key still verifies at `now`.
        public func isRetired(at now: Date) -> Bool {
            retiresAt.map { now >= $0 } ?? false
        }
    }

    /// The key that signs new links.
    public let current: Key
    private let keys: [String: Key]

    /// A keyring held in memory, for tests.
    public init(current: Key, others: [Key] = []) {
        self.init(current: current, keys: Dictionary(uniqueKeysWithValues: ([current] + others).map { ($0.id, $0) }))
    }

    private init(current: Key, keys: [String: Key]) {
        self.current = current
        self.keys = keys
    }

    /// The key with `id`, if the keyring holds it (retired or not).
    public func key(_ id: String) -> Key? { keys[id] }

    /// Every key, the current one first, then by id.
    public var all: [Key] {
        [current] + keys.values.filter { $0.id != current.id }.sorted { $0.id < $1.id }
    }

    /// Random bytes as lowercase hex.
    public static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

extension SigningKeyring {
    /// What `keyring.json` holds.
    struct Manifest: Codable {
        var current: String
        /// Key id to the instant it retires; keys in service are absent.
        var retirements: [String: Date]
    }

    /// Loads the keyring from `folder`, creating the folder and a first key when missing.
    /// Key files without `keyring.json` are refused (`KeyringError.lostManifest`): which
    /// key signs and which have retired is not known, and picking one could bring a
    /// retired key back into service.
    public static func loadOrCreate(folder: String) throws -> SigningKeyring {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(folder, 0o700)
        if try readManifest(folder: folder) == nil {
            let orphans = try keyIDs(in: folder)
            guard orphans.isEmpty else { throw KeyringError.lostManifest(folder: folder, keys: orphans) }
            let id = try createKey(in: folder)
            try writeManifest(Manifest(current: id, retirements: [:]), folder: folder, replacing: false)
        }
        return try load(folder: folder)
    }

    /// Loads the keyring from `folder`, which must hold one.
    public static func load(folder: String) throws -> SigningKeyring {
        guard let manifest = try readManifest(folder: folder) else { throw KeyringError.missingManifest(folder: folder) }
        var keys: [String: Key] = [:]
        for id in try keyIDs(in: folder) {
            let path = "\(folder)/link-\(id).key"
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            guard bytes.count == 32 else { throw KeyringError.damagedKey(path: path) }
            keys[id] = Key(id: id, secret: SymmetricKey(data: bytes), retiresAt: manifest.retirements[id])
        }
        guard let current = keys[manifest.current] else { throw KeyringError.missingCurrentKey(id: manifest.current, folder: folder) }
        return SigningKeyring(current: current, keys: keys)
    }

    /// Makes a new key the current one. The key it replaces keeps verifying until
    /// `now + overlap`; keys already retiring keep their dates. Returns the new keyring.
    @discardableResult
    public static func rotate(folder: String, overlap: TimeInterval, now: Date) throws -> SigningKeyring {
        let before = try loadOrCreate(folder: folder)
        let id = try createKey(in: folder)
        var retirements: [String: Date] = [:]
        for key in before.all {
            retirements[key.id] = key.retiresAt ?? now.addingTimeInterval(overlap)
        }
        try writeManifest(Manifest(current: id, retirements: retirements), folder: folder, replacing: true)
        return try load(folder: folder)
    }

    /// The ids of the `link-<id>.key` files in `folder`, sorted.
    private static func keyIDs(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix("link-") && $0.hasSuffix(".key") }
            .map { String($0.dropFirst(5).dropLast(4)) }
            .sorted()
    }

    private static func createKey(in folder: String) throws -> String {
        let id = randomHex(bytes: 4)
        let secret = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        try SecretFile.store(secret, at: "\(folder)/link-\(id).key", replacing: false)
        return id
    }

    /// The manifest, or `nil` when the folder has none. A folder from before manifests
    /// (a `current` file naming the key) reads as that key in service.
    private static func readManifest(folder: String) throws -> Manifest? {
        let path = "\(folder)/keyring.json"
        if let data = FileManager.default.contents(atPath: path) {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            do {
                return try decoder.decode(Manifest.self, from: data)
            } catch {
                throw KeyringError.damagedManifest(path: path)
            }
        }
        let pointer = "\(folder)/current"
        guard let data = FileManager.default.contents(atPath: pointer) else { return nil }
        let id = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Manifest(current: id, retirements: [:])
    }

    private static func writeManifest(_ manifest: Manifest, folder: String, replacing: Bool) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SecretFile.store(try encoder.encode(manifest), at: "\(folder)/keyring.json", replacing: replacing)
    }
}
