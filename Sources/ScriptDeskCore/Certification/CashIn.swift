/// The cash-in: a candidate's subject mark from the components they hold, each scaled to its
/// weighting, and the subject grade that mark earns. Every number comes from the subject and
/// the series' boundaries; the arithmetic is exact until one final rounding.
public enum CashIn {
    /// A component mark a candidate holds.
    public struct Held: Hashable, Sendable {
        /// The raw mark.
        public var mark: Int
        /// The component's maximum mark.
        public var maxMark: Int
        /// The series the mark was earned in.
        public var series: String

        /// A mark as held.
        public init(mark: Int, maxMark: Int, series: String) {
            self.mark = mark
            self.maxMark = maxMark
            self.series = series
        }
    }

    /// The subject mark and grade of a cash-in.
    public struct Award: Hashable, Sendable, Codable {
        /// The weighted mark, out of the subject's maximum.
        public var mark: Int
        /// The grade it earns.
        public var grade: String

        /// An award as computed or recorded.
        public init(mark: Int, grade: String) {
            self.mark = mark
            self.grade = grade
        }
    }

    /// The weighted subject mark: each part contributes `mark × weighting × subject maximum ÷
    /// (component maximum × 100)`, the contributions are added exactly, and the sum is
    /// rounded to the nearest whole mark, a half rounding up. `nil` when a part is not held.
    public static func weightedMark(of subject: Subject, holding held: [String: Held]) -> Int? {
        var numerator = 0
        var denominator = 1
        for part in subject.parts {
            guard let result = held[part.component], result.maxMark > 0 else { return nil }
            let partNumerator = result.mark * part.weighting * subject.maxMark
            let partDenominator = result.maxMark * 100
            let common = lcm(denominator, partDenominator)
            numerator = numerator * (common / denominator) + partNumerator * (common / partDenominator)
            denominator = common
        }
        // Half up: floor((2n + d) / 2d), with n and d non-negative.
        return (2 * numerator + denominator) / (2 * denominator)
    }

    /// The mark and grade a candidate holding `held` earns in `subject`; `nil` when a part is not held.
    public static func award(_ subject: Subject, holding held: [String: Held], boundaries: GradeBoundaries) -> Award? {
        weightedMark(of: subject, holding: held).map { Award(mark: $0, grade: boundaries.grade(for: $0)) }
    }

    /// The share of the subject's assessment, in percent, taken in `series`: the weightings
    /// of the parts whose held mark was earned in it.
    public static func share(of subject: Subject, holding held: [String: Held], takenIn series: String) -> Int {
        subject.parts.filter { held[$0.component]?.series == series }.reduce(0) { $0 + $1.weighting }
    }

    /// The marks a candidate holds towards a certification in `series`: for each component,
    /// the mark of the latest series up to and including `series` that has one. Results
    /// without a mark (absent, no result) are not held.
    public static func held(from results: [ComponentResult], maxMarks: [String: Int], upTo series: String) -> [String: Held] {
        var held: [String: Held] = [:]
        for result in results where result.series <= series {
            guard let mark = result.mark, let maxMark = maxMarks[result.component] else { continue }
            if let current = held[result.component], current.series >= result.series { continue }
            held[result.component] = Held(mark: mark, maxMark: maxMark, series: result.series)
        }
        return held
    }

    private static func lcm(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return a / x * b
    }
}
