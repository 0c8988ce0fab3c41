public import Foundation

/// What the generated first page of a script copy says.
public struct CoverSheet: Sendable, Hashable, Codable {
    /// "Priority copy" or "Copy for teaching purposes".
    public var copyLabel: String
    /// One line on why the copy was issued and how to treat it.
    public var purpose: String
    /// Centre number and name.
    public var centre: String
    /// Candidate number and name, or `nil` for an anonymised copy.
    public var candidate: String?
    /// Component code and title.
    public var component: String
    /// Series name and code.
    public var series: String
    /// What the copy is known by: its request's id, or an anonymised copy's anonymous
    /// reference (see `AnonymousReference`).
    public var reference: String
    /// When the copy was issued (also the PDF's creation date, so rebuilding gives the same bytes).
    public var issuedAt: Date
    /// Scanned pages that follow the cover.
    public var scannedPageCount: Int

    /// A cover with these lines; `candidate` is `nil` for an anonymised copy.
    public init(
        copyLabel: String,
        purpose: String,
        centre: String,
        candidate: String?,
        component: String,
        series: String,
        reference: String,
        issuedAt: Date,
        scannedPageCount: Int
    ) {
        self.copyLabel = copyLabel
        self.purpose = purpose
        self.centre = centre
        self.candidate = candidate
        self.component = component
        self.series = series
        self.reference = reference
        self.issuedAt = issuedAt
        self.scannedPageCount = scannedPageCount
    }

    /// The PDF's title: never names the candidate of an anonymised copy.
    var documentTitle: String {
        if let candidate { return "\(copyLabel): \(component), candidate \(candidate)" }
        return "\(copyLabel): \(component) (anonymised)"
    }

    /// The PDF's subject: the kind of copy, the component and the series, never the candidate.
    var documentSubject: String {
        "\(copyLabel) of a marked script: \(component), \(series)"
    }
}
