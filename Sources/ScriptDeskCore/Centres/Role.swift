/// What a user may do.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Requests copies, enquiries and certification for one centre; downloads its PDFs.
    case examsOfficer = "exams-officer"
    /// Fetches teaching (non-priority) copies for one centre; nothing else.
    case teacher
    /// Watches and steers the queue across all centres.
    case operations
    /// Sets calendars, policy, users and keys.
    case administrator

    /// Whether the role belongs to one centre (and so sees only that centre's data).
    public var isCentreRole: Bool {
        switch self {
        case .examsOfficer, .teacher: true
        case .operations, .administrator: false
        }
    }
}
