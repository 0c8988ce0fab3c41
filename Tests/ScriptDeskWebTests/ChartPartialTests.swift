import Foundation
import Mustache
import Testing

@testable import ScriptDeskWeb

/// The `chart` partial: the SVG as given, the figures as a table in a `<details>` under it.
@Suite struct ChartPartialTests {
    static func render(_ view: ChartView) throws -> String {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/ScriptDeskWeb/Templates/chart.mustache")
        let template = try MustacheTemplate(string: String(contentsOf: file, encoding: .utf8))
        return template.render(view)
    }

    @Test func theChartIsFollowedByItsFiguresInATable() throws {
        let chart = SVGChart(
            kind: .bars,
            title: "Throughput <standard>",
            unit: "jobs finished a minute",
            buckets: ["14:00", "14:01"],
            series: [.init(name: "Jobs finished", values: [3, nil])],
            format: ChartFormat.jobsPerMinute
        )
        let html = try Self.render(chart.view(idPrefix: "standard-throughput"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(html.contains("<summary class=\"details__summary\">Throughput &lt;standard&gt; as a table</summary>"))
        #expect(html.contains("<th scope=\"col\">Minute</th><th scope=\"col\">Jobs finished</th>"))
        #expect(html.contains("<tr><th scope=\"row\">14:00</th><td>3 jobs/min</td></tr>"))
        #expect(html.contains("<tr><th scope=\"row\">14:01</th><td>No data</td></tr>"))
    }

    @Test func anEmptyChartHasNoTable() throws {
        let chart = SVGChart(
            kind: .bars,
            title: "Throughput",
            unit: "jobs finished a minute",
            buckets: ["14:00"],
            series: [.init(name: "Jobs finished", values: [nil])],
            format: ChartFormat.jobsPerMinute
        )
        let html = try Self.render(chart.view(idPrefix: "t"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<details"))
    }
}
