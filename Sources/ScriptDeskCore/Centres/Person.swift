public import Foundation

/// A user who is a person and signs in to the pages with a user name and password (an
/// integration holds an API token instead). A teacher's subjects narrow what they see.
public struct Person: Hashable, Sendable, Codable {
    /// The user they are: id, name, role and centre.
    public var user: User
    /// What they sign in with, in lowercase; unique.
    public var username: String
    /// The component codes or qualification names a teacher teaches; empty for other roles.
    public var subjects: [String]
    /// When they were stopped from signing in, if they were.
    public var disabledAt: Date?

    /// A person as registered.
    public init(user: User, username: String, subjects: [String] = [], disabledAt: Date? = nil) {
        self.user = user
        self.username = username
        self.subjects = subjects
        self.disabledAt = disabledAt
    }

    /// A user name as stored and compared: trimmed and in lowercase.
    public static func normalise(username: String) -> String {
        username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
