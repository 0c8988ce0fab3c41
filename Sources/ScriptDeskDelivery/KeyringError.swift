#if canImport(Glibc)
import Glibc
#endif

/// Problems with the key files.
public enum KeyringError: Error, Sendable, CustomStringConvertible {
    case damagedKey(path: String)
    case damagedManifest(path: String)
    case missingManifest(folder: String)
    case missingCurrentKey(id: String, folder: String)
    /// The folder holds key files but no `keyring.json` naming the current one.
    case lostManifest(folder: String, keys: [String])
    case cannotWrite(path: String, errno: Int32)

    /// A stable code.
    public var code: String {
        switch self {
        case .damagedKey: "keys.damaged_key"
        case .damagedManifest: "keys.damaged_manifest"
        case .missingManifest: "keys.missing"
        case .missingCurrentKey: "keys.missing_current"
        case .lostManifest: "keys.manifest_lost"
        case .cannotWrite: "keys.cannot_write"
        }
    }

    /// What is wrong with which file, and what to do about it.
    public var description: String {
        switch self {
        case .damagedKey(let path): "The signing key \(path) is not 32 bytes; restore it from backup or remove it."
        case .damagedManifest(let path): "\(path) cannot be read; restore it from backup."
        case .missingManifest(let folder): "\(folder) holds no signing keys; start the server once, or run 'scriptdesk keys rotate', to create them."
        case .missingCurrentKey(let id, let folder): "\(folder)/keyring.json names key \(id), which is not in the folder."
        case .lostManifest(let folder, let keys):
            """
            \(folder) holds signing keys (\(keys.joined(separator: ", "))) but no keyring.json, so which key signs \
            and which have retired is unknown; ScriptDesk will not start rather than bring a retired key back. \
            Restore keyring.json from the backup of the keys folder. Without a backup, write \(folder)/keyring.json \
            (mode 0600) as {"current": "<id of the key to sign with>", "retirements": {"<every other id>": \
            "<ISO 8601 instant it stops verifying, such as now>"}}, or move the key files away (every link they \
            signed stops working) and start again.
            """
        case .cannotWrite(let path, let errno): "Could not write \(path): \(String(cString: strerror(errno)))."
        }
    }
}
