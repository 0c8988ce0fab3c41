import Foundation
import Testing

@testable import ScriptDeskCore

/// A review of moderation's outcome at its edges: the adjustment within the component's
/// maximum either way, a reason required, each mark held within 0 and the maximum, and the
/// fee waived only when marks are reinstated.
@Suite struct CohortOutcomeTests {
    static func code(_ adjustment: Int, _ reason: String = "Re-moderated.") -> String {
        do {
            return try CohortOutcome.validated(adjustment: adjustment, reason: reason, maxMark: 70)
        } catch {
            return error.code
        }
    }

    @Test func theAdjustmentIsWithinTheMaximumEitherWayAndAReasonIsGiven() {
        #expect(Self.code(70) == "Re-moderated." && Self.code(-70) == "Re-moderated." && Self.code(0, "  Stands. ") == "Stands.")
        #expect(Self.code(71) == "enquiry.bad_adjustment" && Self.code(-71) == "enquiry.bad_adjustment")
        #expect(Self.code(3, " \n") == "enquiry.reason_required")
    }

    @Test func eachMarkIsHeldWithinZeroAndTheMaximum() {
        #expect(CohortOutcome.adjusted(40, by: 3, maxMark: 70) == 43)
        #expect(CohortOutcome.adjusted(69, by: 3, maxMark: 70) == 70)
        #expect(CohortOutcome.adjusted(2, by: -5, maxMark: 70) == 0)
    }

    @Test func theFeeIsWaivedOnlyWhenMarksAreReinstated() {
        func owed(_ adjustment: Int) -> Int {
            Enquiry(
                id: "e",
                series: "2026-06",
                centre: CentreNumber("12345")!,
                candidate: nil,
                component: "H446/03",
                service: .reviewOfModeration,
                consent: nil,
                requestedBy: "eo",
                status: .decided,
                receivedAt: .distantPast,
                dueAt: .distantPast,
                feeInPence: 18_000,
                cohortOutcome: CohortOutcome(adjustment: adjustment, reason: "r", receivedAt: .distantPast, resultsRevised: 1)
            ).feeOwedInPence
        }
        #expect(owed(1) == 0 && owed(0) == 18_000 && owed(-2) == 18_000)
    }
}
