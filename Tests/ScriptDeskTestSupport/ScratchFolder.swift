import Foundation

/// New empty folders under the system's temporary directory, one per test, named for what
/// they hold so that a leftover one says where it came from.
public enum ScratchFolder {
    /// Makes a new empty folder (`scriptdesk-<purpose>-<uuid>`); the caller removes it.
    public static func make(_ purpose: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scriptdesk-\(purpose)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `body` with a new empty folder and removes it afterwards, however `body` ends.
    public static func with<T>(_ purpose: String, _ body: (String) async throws -> T) async throws -> T {
        let path = try make(purpose)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }
}
