public import Foundation

/// The awarding body's settings for post-results services. Every number the rules use
/// lives here or in the series calendar, never in the rules themselves.
public struct Policy: Hashable, Sendable, Codable {
    /// The named sets of rules ScriptDesk ships.
    public enum Profile: String, Sendable, Codable, CaseIterable {
        /// The rules as the domain states them first (the default).
        case interchange
        /// Today's JCQ post-results model.
        case jcqCurrent = "jcq-current"
    }

    /// Which profile these settings started from.
    public var profile: Profile
    /// Qualifications for which a priority copy may be requested.
    public var priorityCopyQualifications: Set<QualificationType>
    /// Qualifications for which a teaching copy may be requested.
    public var teachingCopyQualifications: Set<QualificationType>
    /// When teaching copies are produced: `nil` as soon as requested, or not before a
    /// calendar milestone (JCQ sends them after the final enquiry deadline).
    public var teachingCopiesReleasedAfter: SeriesCalendar.Milestone?
    /// How long a priority copy's download link lives.
    public var priorityLinkLifetime: TimeInterval
    /// How long a teaching copy's download link lives.
    public var teachingLinkLifetime: TimeInterval
    /// No link lives longer than this, whatever else is configured.
    public var linkLifetimeCeiling: TimeInterval
    /// How many whole downloads one link allows (counted in bytes delivered); `nil` for
    /// as many as its lifetime holds.
    public var linkDownloadAllowance: Int?
    /// Enquiries about results and appeals.
    public var enquiries: EnquiryPolicy
    /// Late certification.
    public var certification: CertificationPolicy

    /// Settings as given; `linkDownloadAllowance` defaults to no limit, and `enquiries` and
    /// `certification` to the profile's. Use `profile(_:)` for a shipped profile.
    public init(
        profile: Profile,
        priorityCopyQualifications: Set<QualificationType>,
        teachingCopyQualifications: Set<QualificationType>,
        teachingCopiesReleasedAfter: SeriesCalendar.Milestone?,
        priorityLinkLifetime: TimeInterval,
        teachingLinkLifetime: TimeInterval,
        linkLifetimeCeiling: TimeInterval,
        linkDownloadAllowance: Int? = nil,
        enquiries: EnquiryPolicy? = nil,
        certification: CertificationPolicy? = nil
    ) {
        self.profile = profile
        self.priorityCopyQualifications = priorityCopyQualifications
        self.teachingCopyQualifications = teachingCopyQualifications
        self.teachingCopiesReleasedAfter = teachingCopiesReleasedAfter
        self.priorityLinkLifetime = priorityLinkLifetime
        self.teachingLinkLifetime = teachingLinkLifetime
        self.linkLifetimeCeiling = linkLifetimeCeiling
        self.linkDownloadAllowance = linkDownloadAllowance
        self.enquiries = enquiries ?? .profile(profile)
        self.certification = certification ?? .profile(profile)
    }

    /// The settings of a shipped profile.
    public static func profile(_ profile: Profile) -> Policy {
        let day: TimeInterval = 86_400
        var policy = Policy(
            profile: profile,
            priorityCopyQualifications: [.gce, .level3PrincipalLearning, .level3Certificate],
            teachingCopyQualifications: [.gce, .gcse, .gcseShortCourse, .level3PrincipalLearning, .principalLearning],
            teachingCopiesReleasedAfter: nil,
            priorityLinkLifetime: 3 * day,
            teachingLinkLifetime: 7 * day,
            linkLifetimeCeiling: 7 * day
        )
        if profile == .jcqCurrent {
            policy.teachingCopiesReleasedAfter = .finalEnquiryDeadline
        }
        return policy
    }

    /// The default settings.
    public static var interchange: Policy { profile(.interchange) }

    /// The qualifications for which `kind` may be requested.
    public func eligibleQualifications(for kind: ScriptCopyKind) -> Set<QualificationType> {
        switch kind {
        case .priority: priorityCopyQualifications
        case .nonPriority: teachingCopyQualifications
        }
    }

    /// How long a link to a copy of `kind` lives, held under the ceiling.
    public func linkLifetime(for kind: ScriptCopyKind) -> TimeInterval {
        let wanted = kind == .priority ? priorityLinkLifetime : teachingLinkLifetime
        return min(wanted, linkLifetimeCeiling)
    }
}
