public import Foundation
import SQLKit

/// Failed sign-ins counted per subject: an account (by user name, whether or not anyone has
/// it, so the count says nothing of who exists) or a client address, with the time before
/// which the next attempt is refused.
public struct SignInFailures: Sendable {
    /// The repository; it holds no state: every call runs on the connection it is given.
    public init() {}

    /// What is recorded of one subject.
    public struct Count: Sendable, Hashable {
        /// Failed attempts in a row.
        public var failures: Int
        /// When the last failed.
        public var lastFailureAt: Date
        /// Until when the next attempt is refused, if it is.
        public var pausedUntil: Date?

        /// A count as recorded.
        public init(failures: Int, lastFailureAt: Date, pausedUntil: Date?) {
            self.failures = failures
            self.lastFailureAt = lastFailureAt
            self.pausedUntil = pausedUntil
        }
    }

    /// The counts of `subjects` that have one.
    public func counts(of subjects: [String], on db: StoreConnection) async throws -> [String: Count] {
        guard !subjects.isEmpty else { return [:] }
        let list = subjects.map { SQLQueryString("\(bind: $0)") }.joined(separator: ", ")
        var found: [String: Count] = [:]
        for row in try await db.raw("SELECT * FROM sign_in_failures WHERE subject IN (\(list))").all() {
            found[try row.string("subject")] = Count(
                failures: try row.int("failures"),
                lastFailureAt: try row.date("last_failure_at"),
                pausedUntil: try row.optionalDate("paused_until")
            )
        }
        return found
    }

    /// Counts one more failure of `subject` at `at`, starting again from one when the last
    /// was before `forgetBefore`; returns the failures in a row now. One statement, so
    /// attempts made at once are each counted.
    public func recordFailure(of subject: String, at: Date, forgetBefore: Date, on db: StoreConnection) async throws -> Int {
        let row = try await db.raw(
            """
            INSERT INTO sign_in_failures (subject, failures, last_failure_at, paused_until)
            VALUES (\(bind: subject), 1, \(bind: SQLTime.text(at)), NULL)
            ON CONFLICT (subject) DO UPDATE SET
                failures = CASE WHEN sign_in_failures.last_failure_at < \(bind: SQLTime.text(forgetBefore)) THEN 1
                    ELSE sign_in_failures.failures + 1 END,
                last_failure_at = excluded.last_failure_at
            RETURNING failures
            """
        ).first()
        return try row.map { try $0.int("failures") } ?? 1
    }

    /// Refuses attempts of `subject` until `until` (`nil`: none refused).
    public func pause(_ subject: String, until: Date?, on db: StoreConnection) async throws {
        try await db.raw(
            "UPDATE sign_in_failures SET paused_until = \(bind: until.map(SQLTime.text)) WHERE subject = \(bind: subject)"
        ).run()
    }

    /// Forgets the count of `subject`; returns whether there was one.
    @discardableResult
    public func clear(_ subject: String, on db: StoreConnection) async throws -> Bool {
        try await db.raw("DELETE FROM sign_in_failures WHERE subject = \(bind: subject) RETURNING subject").first() != nil
    }
}
