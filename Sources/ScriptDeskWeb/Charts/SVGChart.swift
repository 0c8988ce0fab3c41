import Foundation

/// A chart of a run of time buckets (a lane's last hour, minute by minute), drawn on the server
/// as SVG for the operations pages: no script, no inline style, nothing that needs colour to be
/// read, a text description in the SVG and the same figures as a table for the page to show
/// under it. Pure: the same input gives the same text.
struct SVGChart: Sendable {
    /// How the values are drawn.
    enum Kind: Sendable {
        /// One series as bars, as throughput is.
        case bars
        /// Series as lines (p50 and p95), told apart by dash pattern and point marker as well
        /// as by colour, and named in a legend.
        case lines
    }

    /// A named run of values, one for each bucket; nil where the bucket has no figure.
    struct Series: Sendable, Equatable {
        /// What the legend and the table call it: "p50".
        var name: String
        /// One value for each bucket, in the order of the buckets.
        var values: [Double?]
    }

    /// Bars or lines.
    var kind: Kind
    /// What the chart shows: "Throughput".
    var title: String
    /// What the values count or measure, for the description and the table: "jobs finished a minute".
    var unit: String
    /// The span the buckets cover, for the description: "the last 60 minutes".
    var period: String
    /// Each bucket's label on the axis and in the table: "14:05".
    var buckets: [String]
    /// The values; a series shorter than `buckets` has no figures for the buckets past its end.
    var series: [Series]
    /// How a value is written on the axis, in the description and in the table: "1.2 s".
    var format: @Sendable (Double) -> String
    /// What the chart says, visibly and in its description, when no series has any value.
    var emptyMessage: String

    /// A chart of `series` over buckets labelled `buckets`; `period` defaults to "the last N minutes".
    init(
        kind: Kind,
        title: String,
        unit: String,
        period: String? = nil,
        buckets: [String],
        series: [Series],
        format: @escaping @Sendable (Double) -> String,
        emptyMessage: String = "No jobs finished in the last hour"
    ) {
        self.kind = kind
        self.title = title
        self.unit = unit
        self.period = period ?? "the last \(buckets.count) minutes"
        self.buckets = buckets
        self.series = series
        self.format = format
        self.emptyMessage = emptyMessage
    }

    /// A chart over buckets that start at `minutes`, each labelled with its London time ("14:05").
    init(
        kind: Kind,
        title: String,
        unit: String,
        period: String? = nil,
        minutes: [Date],
        series: [Series],
        format: @escaping @Sendable (Double) -> String,
        emptyMessage: String = "No jobs finished in the last hour"
    ) {
        self.init(
            kind: kind,
            title: title,
            unit: unit,
            period: period,
            buckets: minutes.map(UKTime.clockTime),
            series: series,
            format: format,
            emptyMessage: emptyMessage
        )
    }

    /// Whether no series has a value for any bucket.
    var isEmpty: Bool {
        series.allSatisfy { $0.values.prefix(buckets.count).allSatisfy { $0 == nil } }
    }

    /// Series `index`'s value for bucket `bucket`, nil if it has none.
    func value(_ index: Int, at bucket: Int) -> Double? {
        let values = series[index].values
        return bucket < values.count ? values[bucket] : nil
    }
}
