import Foundation
import ScriptDeskApp
public import ScriptDeskCore
import ScriptDeskDemo
public import ScriptDeskStore
import ScriptDeskTestSupport

extension TestEnvironment {
    /// The first centre of the board.
    public var centre: CentreNumber { CentreNumber(credentials.centres[0].number)! }

    /// The exams officer of the first centre.
    public var examsOfficer: Caller {
        Caller(id: "eo-\(centre)", role: .examsOfficer, centre: centre)
    }

    /// A result of the first centre whose component is of one of `qualifications` and whose
    /// script is held, with its page count.
    public func heldScript(in qualifications: Set<QualificationType>, centre: CentreNumber? = nil) async throws -> ResultListing {
        let centre = centre ?? self.centre
        let listing = try await runtime.database.read { db in
            try await ReferenceData().results(series: DemoBoard.seriesCode, centre: centre, page: Page(limit: 500), on: db)
        }
        guard let found = listing.items.first(where: { qualifications.contains($0.component.qualification) && $0.scriptPageCount != nil })
        else { throw TestSupportError(message: "The demo board has no held script for \(qualifications) at \(centre).") }
        return found
    }

    /// A consent given an hour before the test clock's now.
    public func consent(identify: Bool = true) -> ConsentRecord {
        ConsentRecord(candidateAgreed: true, obtainedAt: clock.now - 3600, identify: identify)
    }
}
