import Foundation
import ScriptDeskCore

/// The email alert that a late certification's grade is available.
enum CertificationLetter {
    /// "Results available: GCSE Mathematics (J560) for candidate 0007, grade 5".
    static func subject(_ request: Certification, _ award: CashIn.Award, subject: Subject?) -> String {
        "Results available: \(subject?.displayName ?? request.subject) for candidate \(request.candidate.rawValue), grade \(award.grade)"
    }

    static func body(_ request: Certification, _ award: CashIn.Award, subject: Subject?, candidate: Candidate?, centre: Centre) -> String {
        let who = candidate.map { "\($0.number) \($0.name)" } ?? request.candidate.rawValue
        return """
            Dear exams officer,

            The late certification requested on behalf of \(centre.name) (centre \(centre.number)) for candidate \(who) \
            in \(subject?.displayName ?? request.subject), series \(request.series), has been awarded.

            Subject grade: \(award.grade) (weighted mark \(award.mark)\(subject.map { " of \($0.maxMark)" } ?? ""))

            The grade is final. A revised statement of results for the candidate is available to download \
            from the candidate's page in ScriptDesk. There is no fee for late certification.

            This message was sent automatically by ScriptDesk.
            """
    }
}
