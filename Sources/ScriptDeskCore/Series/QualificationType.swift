/// A kind of qualification, which decides which post-results services apply.
public enum QualificationType: String, Sendable, Codable, CaseIterable {
    /// GCE AS and A level.
    case gce = "GCE"
    /// GCSE.
    case gcse = "GCSE"
    /// GCSE short course.
    case gcseShortCourse = "GCSE-SC"
    /// Level 3 Principal Learning.
    case level3PrincipalLearning = "L3-PL"
    /// Level 3 Certificate.
    case level3Certificate = "L3-CERT"
    /// Principal Learning at other levels.
    case principalLearning = "PL"
    /// Vocational qualifications (Cambridge Nationals and Technicals).
    case vocational = "VOC"

    /// The name people use.
    public var displayName: String {
        switch self {
        case .gce: "GCE"
        case .gcse: "GCSE"
        case .gcseShortCourse: "GCSE (short course)"
        case .level3PrincipalLearning: "Level 3 Principal Learning"
        case .level3Certificate: "Level 3 Certificate"
        case .principalLearning: "Principal Learning"
        case .vocational: "Vocational"
        }
    }
}
