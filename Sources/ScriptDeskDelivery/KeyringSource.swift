import Foundation
import Synchronization

/// Where a signer's keys come from: a keyring fixed in memory, or the keys folder, read
/// again when a token names a key this process has not seen (another process rotated)
/// and every `refreshInterval` otherwise, so every process follows a rotation and the
/// retirement dates it sets.
public final class KeyringSource: Sendable {
    private struct Loaded {
        var keyring: SigningKeyring
        var loadedAt: ContinuousClock.Instant
        var lastMissAt: ContinuousClock.Instant?
    }

    private let folder: String?
    private let state: Mutex<Loaded>
    private let refreshInterval: Duration
    private static let missInterval: Duration = .seconds(1)

    /// Keys held in memory only.
    public init(_ keyring: SigningKeyring) {
        folder = nil
        refreshInterval = .seconds(60)
        state = Mutex(Loaded(keyring: keyring, loadedAt: .now))
    }

    /// Keys read from `folder` (created with a first key when empty), read again every
    /// `refreshInterval`.
    public init(folder: String, refreshInterval: Duration = .seconds(10)) throws {
        self.folder = folder
        self.refreshInterval = refreshInterval
        state = Mutex(Loaded(keyring: try SigningKeyring.loadOrCreate(folder: folder), loadedAt: .now))
    }

    /// The keyring as last read, read again when it is older than the refresh interval.
    public var keyring: SigningKeyring {
        let (keyring, stale) = state.withLock { ($0.keyring, ContinuousClock.now - $0.loadedAt >= refreshInterval) }
        return stale ? reload() ?? keyring : keyring
    }

    /// The key with `id`; an id not held makes the folder be read again, at most once a
    /// second, so a flood of made-up ids costs no more than that.
    func key(_ id: String) -> SigningKeyring.Key? {
        let keyring = keyring
        if let key = keyring.key(id) { return key }
        let mayLook = state.withLock { loaded in
            guard loaded.lastMissAt.map({ ContinuousClock.now - $0 > Self.missInterval }) ?? true else { return false }
            loaded.lastMissAt = .now
            return true
        }
        return mayLook ? reload()?.key(id) : nil
    }

    /// Reads the folder again now; returns the keyring read, or `nil` when the folder
    /// could not be read (the keys already held stay in force).
    @discardableResult
    public func reload() -> SigningKeyring? {
        guard let folder, let fresh = try? SigningKeyring.load(folder: folder) else {
            // A folder that cannot be read now keeps the keys already held.
            state.withLock { $0.loadedAt = .now }
            return nil
        }
        state.withLock { $0 = Loaded(keyring: fresh, loadedAt: .now, lastMissAt: $0.lastMissAt) }
        return fresh
    }
}
