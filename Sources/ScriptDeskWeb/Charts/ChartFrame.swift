/// Where a chart's parts go in its 320 by 210 drawing: the plot area, left of it room for the
/// longest value label, under it the buckets' labels and then the legend.
struct ChartFrame {
    /// The drawing's size, in the units of its `viewBox` (pixels when shown 320 wide).
    static let width = 320
    static let height = 210
    /// Body text, and labels and the baseline: GOV.UK's text and secondary text colours.
    static let primaryText = "#0b0c0c"
    static let secondaryText = "#505a5f"
    /// The gridlines: decoration only, the labels carry the values.
    static let gridline = "#b1b4b6"

    let left: Double
    let right = Double(ChartFrame.width) - 8
    let top = 26.0
    let bottom = 160.0
    /// The width of one bucket's column.
    let bucketWidth: Double
    /// The value at the top of the plot area.
    let maximum: Double

    /// A frame with room for the widest of `tickLabels`, columns for `buckets` buckets, and
    /// `maximum` at the top.
    init(tickLabels: [String], buckets: Int, maximum: Double) {
        left = max(34, (tickLabels.map(Self.textWidth).max() ?? 0) + 10)
        bucketWidth = (right - left) / Double(max(1, buckets))
        self.maximum = maximum
    }

    /// The height of `value` in the plot area.
    func y(_ value: Double) -> Double {
        bottom - min(max(value, 0), maximum) / maximum * (bottom - top)
    }

    /// The middle of bucket `bucket`'s column.
    func centre(of bucket: Int) -> Double {
        left + (Double(bucket) + 0.5) * bucketWidth
    }

    /// A `<text>` of already escaped `escaped`.
    func text(_ escaped: String, x: Double, y: Double, anchor: String, colour: String) -> String {
        let c = ChartFormat.coordinate
        return "<text class=\"chart__text\" x=\"\(c(x))\" y=\"\(c(y))\" text-anchor=\"\(anchor)\" fill=\"\(colour)\">\(escaped)</text>"
    }

    /// About how wide `text` is at 13 units in Arial: digits are 0.56 em, most letters less.
    static func textWidth(_ text: String) -> Double {
        Double(text.count) * 7.2
    }
}
