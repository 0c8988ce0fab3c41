import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// Passwords hashed and checked with bcrypt, on NIO's blocking thread pool: a hash at cost
/// 12 takes a quarter of a second of one core, which must not hold an event loop or the
/// tasks' own threads. Checking a password for nobody costs as much as for someone, so the
/// time taken does not tell whether a user name exists.
public final class PasswordHasher: Sendable {
    /// bcrypt's cost: 2^cost rounds.
    public let cost: UInt8
    /// The costs a server may use: 12 at the least, as guidance asks today.
    public static let costs: ClosedRange<UInt8> = 12...16
    /// The shortest and longest password in bytes of UTF-8 (bcrypt reads no more than 72).
    public static let lengths = 12...72
    private let decoy = Mutex<String?>(nil)

    /// Hashes at `cost`.
    public init(cost: UInt8 = 12) {
        precondition(Self.costs.contains(cost), "bcrypt cost \(cost) is outside \(Self.costs)")
        self.cost = cost
    }

    /// Why a password cannot be used, or `nil` when it can.
    public static func problem(with password: String) -> PeopleError? {
        let length = password.utf8.count
        if length < lengths.lowerBound { return .passwordTooShort(minimum: lengths.lowerBound) }
        if length > lengths.upperBound { return .passwordTooLong(maximum: lengths.upperBound) }
        return nil
    }

    /// The bcrypt hash of `password`, with a new salt.
    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`; with no hash (no such person), checks it against
    /// a decoy hash of the same cost and answers false.
    public func verify(_ password: String, against hash: String?) async throws -> Bool {
        // bcrypt reads at most 72 bytes: a longer password would match its first 72 alone.
        guard password.utf8.count <= Self.lengths.upperBound else { return false }
        guard let hash else {
            let decoy = try await decoyHash()
            _ = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: decoy) }
            return false
        }
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    private func decoyHash() async throws -> String {
        if let made = decoy.withLock({ $0 }) { return made }
        let made = try await hash(Authentication.makeSecret())
        decoy.withLock { $0 = $0 ?? made }
        return made
    }
}
