import Foundation
import ScriptDeskCore
import ScriptDeskStore

/// A result marked again, by an enquiry's outcome or an appeal's decision: the new mark
/// graded by the series' boundaries for the component, and the result revised with its
/// history (`ResultHistory.revise(_:to:cause:causeID:on:)`) when the mark or grade changed.
/// One piece of code for both, so an outcome and a decision grade alike.
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
}
