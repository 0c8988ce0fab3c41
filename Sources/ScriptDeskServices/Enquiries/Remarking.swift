import Foundation
import ScriptDeskCore
import ScriptDeskStore

/// A result marked again, by an enquiry's outcome or an appeal's decision: the new mark
/// graded by the series' boundaries for the component, and the result revised with its
/// history when the mark or grade changed. One piece of code for both, so an outcome and a
/// decision grade and revise alike.
struct Remarking: Sendable {
    private let reference = ReferenceData()
    private let history = ResultHistory()

    /// The outcome of marking `key`'s result again at `mark` for `reason`, graded under the
    /// series' boundaries, as at `now`; nothing is written.
    func outcome(of key: ResultKey, mark: Int, reason: String, at now: Date, on db: StoreConnection) async throws -> EnquiryOutcome {
        guard
            let result = try await reference.result(
                series: key.series,
                centre: key.centre,
                candidate: key.candidate,
                component: key.component,
                on: db
            ),
            let previousMark = result.mark
        else { throw EnquiryError.refused(.noResult) }
        guard
            let component = try await reference.component(key.component, on: db),
            let boundaries = try await history.boundaries(series: key.series, component: key.component, on: db)
        else { throw EnquiryError.noBoundaries(key.component) }
        do throws(EnquiryOutcomeError) {
            return try EnquiryOutcome(
                previousMark: previousMark,
                previousGrade: result.grade ?? boundaries.grade(for: previousMark),
                mark: mark,
                maxMark: component.maxMark,
                boundaries: boundaries,
                reason: reason,
                receivedAt: now
            )
        } catch {
            throw EnquiryError.badOutcome(error)
        }
    }

    /// Revises `key`'s result to `outcome`'s mark and grade, with its history, when either
    /// changed; `cause` and `causeID` say what revised it.
    func revise(_ key: ResultKey, to outcome: EnquiryOutcome, cause: ResultRevision.Cause, causeID: String, on db: StoreConnection) async throws {
        guard outcome.mark != outcome.previousMark || outcome.grade != outcome.previousGrade else { return }
        _ = try await history.revise(
            key,
            mark: outcome.mark,
            grade: outcome.grade,
            reason: outcome.reason,
            cause: cause,
            causeID: causeID,
            at: outcome.receivedAt,
            on: db
        )
    }

    /// How a timeline says `outcome`, after `prefix` (such as "Outcome").
    static func describe(_ outcome: EnquiryOutcome, as prefix: String) -> String {
        outcome.mark == outcome.previousMark
            ? "\(prefix): mark unchanged at \(outcome.mark), grade \(outcome.grade). \(outcome.reason)"
            : "\(prefix): mark \(outcome.previousMark) to \(outcome.mark), grade \(outcome.previousGrade) to \(outcome.grade). \(outcome.reason)"
    }
}
