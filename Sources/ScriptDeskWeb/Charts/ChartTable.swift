import Mustache

/// A chart's figures as a table, the text alternative a page shows under the chart in a
/// `<details>`: a row for each bucket, a column for each series.
struct ChartTable: Sendable, Equatable {
    /// A bucket's label and each series' figure for it, "No data" where there is none.
    struct Row: Sendable, Equatable {
        var label: String
        var values: [String]
    }

    /// What the table shows: "Throughput (jobs finished a minute), minute by minute".
    var caption: String
    /// The column headings: the buckets' column ("Minute"), then each series' name.
    var headings: [String]
    var rows: [Row]
}

extension SVGChart {
    /// The chart's figures as a table: a row for every bucket, formatted as on the chart.
    var table: ChartTable {
        ChartTable(
            caption: "\(title) (\(unit)), minute by minute",
            headings: ["Minute"] + series.map(\.name),
            rows: buckets.indices.map { bucket in
                ChartTable.Row(
                    label: buckets[bucket],
                    values: series.indices.map { value($0, at: bucket).map(format) ?? "No data" }
                )
            }
        )
    }

    /// What the `chart` partial shows: the SVG and, unless there are no figures at all, the table.
    func view(idPrefix: String) -> ChartView {
        ChartView(title: title, svg: svg(idPrefix: idPrefix), table: isEmpty ? nil : table)
    }
}

/// A chart as a page's view model holds it, for the `chart` partial: `{{#page.throughput}}{{> chart}}{{/page.throughput}}`.
struct ChartView: Sendable {
    /// The chart's title, for the summary of the table's `<details>`.
    var title: String
    /// The `<svg>` element, already escaped: the partial puts it in with `{{{svg}}}`.
    var svg: String
    /// The figures, nil when there are none (the chart says so itself).
    var table: ChartTable?
}

// The overview draws six charts, each with a table of sixty rows, every second for every
// open console: their fields are answered by name rather than through `Mirror`.
extension ChartView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "svg": svg
        case "table": table
        default: nil
        }
    }
}

extension ChartTable: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "caption": caption
        case "headings": headings
        case "rows": rows
        default: nil
        }
    }
}

extension ChartTable.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "values": values
        default: nil
        }
    }
}
