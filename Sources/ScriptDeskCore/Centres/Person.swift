public import Foundation

/// A user who is a person and signs in to the pages with a user name and password (an
/// integration holds an API token instead). A teacher's subjects narrow what they see.
public struct Person: Hashable, Sendable, Codable {
    /// The user they are: id, name, role and centre.
    public var user: User
    /// What they sign in with, in lowercase; unique.
    public var username: String
    /// The component codes or qualifications a teacher teaches, as entered (a qualification
    /// by its code, such as `GCE`); empty for other roles.
    public var subjects: [String]
    /// The component codes `subjects` cover, sorted: those named and every component of each
    /// qualification named. The store fills them in when it loads a person.
    public var components: [String]
    /// When they were stopped from signing in, if they were.
    public var disabledAt: Date?

    /// A person as registered, teaching `subjects`, which cover `components`.
    public init(user: User, username: String, subjects: [String] = [], components: [String] = [], disabledAt: Date? = nil) {
        self.user = user
        self.username = username
        self.subjects = subjects
        self.components = components
        self.disabledAt = disabledAt
    }

    /// A user name as stored and compared: trimmed and in lowercase.
    public static func normalise(username: String) -> String {
        username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
