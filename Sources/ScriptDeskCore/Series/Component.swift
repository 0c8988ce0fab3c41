/// A paper or unit that candidates sit and examiners mark.
public struct Component: Hashable, Sendable, Codable {
    /// How the component is assessed.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A written paper, marked by examiners.
        case written
        /// A test marked automatically.
        case objectiveTest = "objective-test"
        /// Non-exam assessment marked by the centre and moderated by the awarding body.
        case moderated
    }

    /// The component code, such as `H240/01`.
    public var code: String
    /// The component's title.
    public var title: String
    /// The qualification the component counts towards.
    public var qualification: QualificationType
    /// The highest raw mark.
    public var maxMark: Int
    /// How it is assessed.
    public var kind: Kind

    /// A component as the awarding body sets it.
    public init(code: String, title: String, qualification: QualificationType, maxMark: Int, kind: Kind) {
        self.code = code
        self.title = title
        self.qualification = qualification
        self.maxMark = maxMark
        self.kind = kind
    }
}
