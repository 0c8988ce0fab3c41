import Foundation
import ScriptDeskCore
import ScriptDeskServices

/// The candidate page's statement of results: the current statement with its download link,
/// revision and date, every earlier revision with its own link and what made it, and a word
/// while one is being prepared, as the statement desk offers them.
extension CandidatePage {
    struct StatementSection {
        var current: StatementRow?
        var earlier: [StatementRow]
        var hasEarlier: Bool
        /// What is being prepared, when something is: "refresh in a moment".
        var preparing: String?
        /// Why there is no statement here, when the desk says there is none to offer.
        var unavailable: String?
    }

    struct StatementRow {
        var revision: Int
        var date: String
        var cause: String
        /// `/s/{token}`, once published.
        var href: String?
    }

    /// The candidate's statements in `series` as the desk offers them to `caller`, newest
    /// first; asking for them the first time has the first one made.
    func statementSection(series: String, candidate: CandidateNumber, for caller: Caller) async throws -> StatementSection {
        let offered: [StatementDesk.Offered]
        do {
            offered = try await statements.statements(series: series, candidate: candidate.rawValue, for: caller)
        } catch let error as StatementError {
            return StatementSection(current: nil, earlier: [], hasEarlier: false, preparing: nil, unavailable: error.message)
        } catch let error as IntakeError {
            return StatementSection(current: nil, earlier: [], hasEarlier: false, preparing: nil, unavailable: error.message)
        }
        let rows = offered.map { offer in
            StatementRow(
                revision: offer.statement.revision,
                date: UKTime.date(offer.statement.createdAt),
                cause: Self.statementCause(offer.statement.cause),
                href: offer.token.map { "/s/\($0)" }
            )
        }
        let current = rows.first { $0.href != nil }
        let newer = offered.filter { $0.token == nil && $0.statement.revision > (current?.revision ?? 0) }
        let preparing: String? =
            if current == nil {
                "The statement of results is being prepared; refresh in a moment."
            } else if let next = newer.first?.statement {
                "A revised statement (revision \(next.revision), after \(next.cause.displayName)) is being prepared; refresh in a moment."
            } else {
                nil
            }
        let earlier = rows.filter { $0.revision < (current?.revision ?? 0) }
        return StatementSection(current: current, earlier: earlier, hasEarlier: !earlier.isEmpty, preparing: preparing, unavailable: nil)
    }

    /// What made a statement: "Results as issued", "A late certification".
    static func statementCause(_ cause: Statement.Cause) -> String {
        let words = cause.displayName
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
