/// The lowest mark for each grade of one component in one series, highest grade first: the
/// boundaries a result's grade comes from, and the same ones an enquiry's outcome is graded
/// by. A mark under every boundary is ungraded.
public struct GradeBoundaries: Hashable, Sendable, Codable {
    /// One grade and the lowest mark that earns it.
    public struct Boundary: Hashable, Sendable, Codable {
        /// The grade, such as `A`.
        public var grade: String
        /// The lowest mark that earns it.
        public var lowestMark: Int

        /// A boundary as the awarding body set it.
        public init(grade: String, lowestMark: Int) {
            self.grade = grade
            self.lowestMark = lowestMark
        }
    }

    /// The boundaries, highest grade (highest mark) first.
    public let boundaries: [Boundary]
    /// The grade of a mark under every boundary.
    public let ungraded: String

    /// Boundaries in any order; they are kept highest first. Throws when two grades share a
    /// name or a lowest mark, which would make a mark's grade ambiguous.
    public init(_ boundaries: [Boundary], ungraded: String = "U") throws(GradeBoundariesError) {
        let sorted = boundaries.sorted { $0.lowestMark > $1.lowestMark }
        guard Set(sorted.map(\.grade)).count == sorted.count, Set(sorted.map(\.lowestMark)).count == sorted.count else {
            throw .ambiguous
        }
        self.boundaries = sorted
        self.ungraded = ungraded
    }

    /// The grade `mark` earns.
    public func grade(for mark: Int) -> String {
        boundaries.first { mark >= $0.lowestMark }?.grade ?? ungraded
    }
}

/// Grade boundaries that cannot grade a mark one way only.
public enum GradeBoundariesError: ScriptDeskError, Hashable, Sendable {
    /// Two boundaries share a grade or a lowest mark.
    case ambiguous

    /// `results.boundaries_ambiguous`.
    public var code: String { "results.boundaries_ambiguous" }

    /// What to fix.
    public var message: String {
        "Each grade needs its own lowest mark, and no two grades may share one."
    }
}
