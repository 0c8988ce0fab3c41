public import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskTransfer

extension Series {
    /// The archive folder of one script, from this series' URL template: each value one
    /// percent-encoded path segment, so no value can reach outside its place in the path.
    public func archiveFolderURL(component: String, centre: CentreNumber, candidate: CandidateNumber) throws -> String {
        do {
            return try ArchiveURLTemplate(archiveURLTemplate).url(
                series: code,
                component: Self.pathSegment(component),
                centre: centre.rawValue,
                candidate: candidate.rawValue
            )
        } catch {
            throw JobFailure(
                code: error.code,
                message: "Series \(code)'s archive URL template cannot be used: \(error.message)",
                isTransient: false
            )
        }
    }
}
