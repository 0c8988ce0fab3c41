/// The policy's settings for late certification.
public struct CertificationPolicy: Hashable, Sendable, Codable {
    /// The months (1 to 12) of the series in which late certification may be requested:
    /// January and June.
    public var seriesMonths: Set<Int>
    /// The qualifications to which the terminal rule applies: GCSE and GCSE short course.
    public var terminalRuleQualifications: Set<QualificationType>
    /// The share of a subject's assessment, in percent, that must be taken in the series of
    /// certification for the terminal rule to be met.
    public var terminalRuleShare: Int
    /// What a late certification costs, in pence: nothing.
    public var feeInPence: Int

    /// Settings as given; by default January and June, GCSE and its short course, 40%, free.
    public init(
        seriesMonths: Set<Int> = [1, 6],
        terminalRuleQualifications: Set<QualificationType> = [.gcse, .gcseShortCourse],
        terminalRuleShare: Int = 40,
        feeInPence: Int = 0
    ) {
        self.seriesMonths = seriesMonths
        self.terminalRuleQualifications = terminalRuleQualifications
        self.terminalRuleShare = terminalRuleShare
        self.feeInPence = feeInPence
    }

    /// The settings of a shipped profile: the same in both.
    public static func profile(_ profile: Policy.Profile) -> CertificationPolicy {
        CertificationPolicy()
    }

    /// Whether late certification may be requested in the series `code` (`YYYY-MM`).
    public func allows(series code: String) -> Bool {
        guard Series.isValidCode(code), let month = Int(code.suffix(2)) else { return false }
        return seriesMonths.contains(month)
    }
}
