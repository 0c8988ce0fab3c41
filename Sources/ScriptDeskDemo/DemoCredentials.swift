import Foundation
import ScriptDeskDelivery

/// `demo-credentials.json`: where the demo runs and the API tokens of its users.
public struct DemoCredentials: Codable, Sendable, Hashable {
    /// One centre's users.
    public struct CentreCredentials: Codable, Sendable, Hashable {
        public var number: String
        public var name: String
        public var examsOfficerToken: String
        public var teacherToken: String
    }

    public var baseURL: String
    public var operationsToken: String
    public var centres: [CentreCredentials]

    /// Reads the file, or `nil` when it is missing or unreadable.
    public static func load(from path: String) -> DemoCredentials? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(DemoCredentials.self, from: data)
    }

    /// Writes the file readable by its owner only, atomically.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try SecretFile.store(try encoder.encode(self), at: path, replacing: true)
    }
}
