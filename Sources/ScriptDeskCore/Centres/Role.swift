/// What a user may do.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Requests copies, enquiries and certification for one centre; downloads its PDFs.
    case examsOfficer = "exams-officer"
    /// Fetches teaching (non-priority) copies for one centre; nothing else.
    case teacher
    /// Heads one centre: sees what its exams officer sees, changes nothing, and makes its
    /// appeals (under JCQ, only the head of centre may).
    case headOfCentre = "head-of-centre"
    /// Watches and steers the queue across all centres.
    case operations
    /// Sets calendars, policy, users and keys.
    case administrator
    /// Watches the queue and looks up requests across all centres, and changes nothing: a
    /// read-only seat on the operations console, for a duty manager or an auditor.
    case observer

    /// Whether the role belongs to one centre (and so sees only that centre's data).
    public var isCentreRole: Bool {
        switch self {
        case .examsOfficer, .teacher, .headOfCentre: true
        case .operations, .administrator, .observer: false
        }
    }

    /// Whether the role may change things across every centre: retry, cancel, pause, issue
    /// tokens, add people.
    public var isOperator: Bool {
        self == .operations || self == .administrator
    }
}
