/// A qualification in one subject, such as GCSE Mathematics (`J560`): the components a
/// candidate must hold and how much each counts towards the subject grade.
public struct Subject: Hashable, Sendable, Codable {
    /// One component the subject needs and its share of the assessment.
    public struct Part: Hashable, Sendable, Codable {
        /// The component code, such as `J560/01`.
        public var component: String
        /// Its share of the subject's assessment, in percent; a subject's parts add up to 100.
        public var weighting: Int

        /// A part as the awarding body set it.
        public init(component: String, weighting: Int) {
            self.component = component
            self.weighting = weighting
        }
    }

    /// The subject code, such as `J560`.
    public var code: String
    /// The subject's title, such as "Mathematics".
    public var title: String
    /// The qualification it is certificated as.
    public var qualification: QualificationType
    /// The weighted mark of a candidate with full marks in every component: the scale the
    /// subject's grade boundaries are set on.
    public var maxMark: Int
    /// The components every candidate must hold, with their weightings, in the order they are listed.
    public var parts: [Part]

    /// A subject as the awarding body sets it.
    public init(code: String, title: String, qualification: QualificationType, maxMark: Int, parts: [Part]) {
        self.code = code
        self.title = title
        self.qualification = qualification
        self.maxMark = maxMark
        self.parts = parts
    }

    /// "GCSE Mathematics (J560)".
    public var displayName: String { "\(qualification.displayName) \(title) (\(code))" }
}
