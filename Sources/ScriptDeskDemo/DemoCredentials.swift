import Foundation
import ScriptDeskDelivery

/// `demo-credentials.json`: where the demo runs and the API tokens of its users.
public struct DemoCredentials: Codable, Sendable, Hashable {
    /// One centre's users.
    public struct CentreCredentials: Codable, Sendable, Hashable {
        /// The centre number.
        public var number: String
        /// The centre's name.
        public var name: String
        /// The API token of the centre's exams officer.
        public var examsOfficerToken: String
        /// The API token of a teacher at the centre.
        public var teacherToken: String
        /// How the centre's exams officer signs in to the pages.
        public var examsOfficer: SignIn?
        /// How a teacher at the centre signs in to the pages.
        public var teacher: SignIn?
    }

    /// A user name and password for the pages.
    public struct SignIn: Codable, Sendable, Hashable {
        /// The user name.
        public var username: String
        /// The password, generated when the demo was seeded.
        public var password: String
    }

    /// The server's public base URL when the tokens were issued.
    public var baseURL: String
    /// The API token of an operations user, for every centre.
    public var operationsToken: String
    /// Each centre's users, by centre number.
    public var centres: [CentreCredentials]
    /// How an operations user signs in to the pages.
    public var operations: SignIn?
    /// How a read-only operations user (who watches the queue and changes nothing) signs in.
    public var operationsReadOnly: SignIn?

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
