/// The scanned, marked script of a candidate's component, as held in the script archive.
public struct Script: Hashable, Sendable, Codable {
    /// The series code.
    public var series: String
    /// The centre.
    public var centre: CentreNumber
    /// The candidate.
    public var candidate: CandidateNumber
    /// The component code.
    public var component: String
    /// The archive folder URL holding the manifest and page images.
    public var location: String
    /// The number of scanned pages.
    public var pageCount: Int

    /// A script as held in the archive.
    public init(series: String, centre: CentreNumber, candidate: CandidateNumber, component: String, location: String, pageCount: Int) {
        self.series = series
        self.centre = centre
        self.candidate = candidate
        self.component = component
        self.location = location
        self.pageCount = pageCount
    }
}
