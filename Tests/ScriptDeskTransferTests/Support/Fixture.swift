import Crypto
import Foundation
import ScriptDeskTestSupport

@testable import ScriptDeskTransfer

/// Folders, bodies and policies the transfer tests share.
enum Fixture {
    /// A fresh temporary folder; the caller removes it.
    static func folder() throws -> String {
        try ScratchFolder.make("fetch")
    }

    /// A body of `count` bytes that is not one repeated byte.
    static func body(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    }

    /// Lowercase-hex SHA-256.
    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// What a manifest would say of `body`.
    static func expected(_ body: [UInt8]) -> ExpectedContent {
        ExpectedContent(bytes: Int64(body.count), sha256: sha256(body))
    }

    /// A policy for the loopback test server: loopback reachable, short timeouts.
    static func loopback(
        maxRedirects: Int = 5,
        maxBytes: Int64 = 1 << 20,
        resumeAttempts: Int = 3,
        allowedHosts: Set<String> = []
    ) -> FetchPolicy {
        FetchPolicy(
            maxRedirects: maxRedirects,
            maxBytes: maxBytes,
            connectTimeout: 2,
            totalTimeout: 20,
            lowSpeedBytesPerSecond: 1000,
            lowSpeedSeconds: 1,
            resumeAttempts: resumeAttempts,
            allowedHosts: allowedHosts,
            allowedNetworks: [try! IPNetwork("127.0.0.0/8"), try! IPNetwork("::1/128")]
        )
    }

    /// The `TransferError` `body` throws, or nil when it succeeds (or throws something else).
    static func failure(_ body: () async throws -> Void) async -> TransferError? {
        do {
            try await body()
            return nil
        } catch let error as TransferError {
            return error
        } catch {
            return nil
        }
    }

    /// Whether anything is at `path`.
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}

extension Fixture {
    /// The `FetchedFile` a fetch of `body` returns.
    static func expectedFile(_ body: [UInt8]) -> FetchedFile {
        FetchedFile(bytes: Int64(body.count), sha256: sha256(body))
    }
}
