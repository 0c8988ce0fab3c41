/// The queue's lanes: priority work is claimed ahead of standard work.
public enum Lane: String, Sendable, Codable, CaseIterable {
    /// Priority script copies and anything else a centre is waiting on to decide an enquiry.
    case priority
    /// Teaching copies, reminders and housekeeping.
    case standard
}
