public import Foundation

/// Refused download attempts counted together: through one link or bundle, from one client
/// address, refused for one reason, within one minute (UTC). The audit keeps a tally where it
/// once kept a row per attempt, so a client presenting bad tokens adds no row per attempt.
public struct RefusalTally: Sendable, Hashable {
    /// What the attempts tried to open.
    public enum Subject: Sendable, Hashable {
        /// A copy's link, to request `requestID`.
        case link(id: String, requestID: String)
        /// A bundle's link.
        case bundle(id: String)
    }

    /// What attempts must share to be counted in one tally.
    public struct Key: Sendable, Hashable {
        /// The link or bundle.
        public var subject: Subject
        /// The client's address, as the server saw it.
        public var clientAddress: String
        /// The refusal's `link.*` code (`LinkRefusal.code`).
        public var code: String
        /// The start of the minute the attempts fell in.
        public var minute: Date

        /// The key of attempts on `subject` from `clientAddress` refused with `code` in `minute`.
        public init(subject: Subject, clientAddress: String, code: String, minute: Date) {
            self.subject = subject
            self.clientAddress = clientAddress
            self.code = code
            self.minute = minute
        }
    }

    /// The attempts' link or bundle, address, code and minute.
    public var key: Key
    /// The HTTP status the attempts were answered with (`LinkRefusal.answerStatus`).
    public var status: Int
    /// How many attempts.
    public var count: Int
    /// When the first was made.
    public var firstAt: Date
    /// When the last was made.
    public var lastAt: Date

    /// One attempt on `subject` from `clientAddress` at `at`, refused with `refusal`.
    public init(_ refusal: LinkRefusal, on subject: Subject, from clientAddress: String, at: Date) {
        key = Key(subject: subject, clientAddress: clientAddress, code: refusal.code, minute: Self.minute(of: at))
        status = refusal.answerStatus
        count = 1
        firstAt = at
        lastAt = at
    }

    /// The start of the minute (UTC) that `date` falls in.
    public static func minute(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }

    /// `tallies` with those of one key merged into one, each key in the place it first
    /// appears: what a group of records writes, one row per key.
    public static func merged(_ tallies: some Sequence<RefusalTally>) -> [RefusalTally] {
        var merged: [RefusalTally] = []
        var places: [Key: Int] = [:]
        for tally in tallies {
            if let place = places[tally.key] {
                merged[place].count += tally.count
                merged[place].firstAt = min(merged[place].firstAt, tally.firstAt)
                merged[place].lastAt = max(merged[place].lastAt, tally.lastAt)
            } else {
                places[tally.key] = merged.count
                merged.append(tally)
            }
        }
        return merged
    }
}
