import Foundation
import Testing

@testable import ScriptDeskWeb

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The operations charts drawn as SVG: well-formed, named, escaped, round, gappy where the
/// figures are missing, described in words, and readable without colour.
@Suite struct SVGChartTests {
    static let minutes = (0..<60).map { String(format: "14:%02d", $0) }

    static func throughput(_ values: [Double?], title: String = "Throughput") -> SVGChart {
        SVGChart(
            kind: .bars,
            title: title,
            unit: "jobs finished a minute",
            buckets: Array(minutes.prefix(values.count)),
            series: [.init(name: "Jobs finished", values: values)],
            format: ChartFormat.jobsPerMinute
        )
    }

    static func runTime(p50: [Double?], p95: [Double?]) -> SVGChart {
        SVGChart(
            kind: .lines,
            title: "Run time",
            unit: "seconds",
            buckets: Array(minutes.prefix(max(p50.count, p95.count))),
            series: [.init(name: "p50", values: p50), .init(name: "p95", values: p95)],
            format: ChartFormat.duration
        )
    }

    static func parse(_ svg: String) throws -> XMLElement {
        let document = try XMLDocument(xmlString: svg, options: [])
        return try #require(document.rootElement())
    }

    static func elements(_ name: String, in root: XMLElement) throws -> [XMLElement] {
        try root.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
    }

    @Test func svgIsWellFormedAndNamedByItsTitleAndDescription() throws {
        let root = try Self.parse(Self.throughput([3, 5, 8]).svg(idPrefix: "priority-throughput"))
        #expect(root.name == "svg")
        #expect(root.value(of: "role") == "img")
        #expect(root.value(of: "viewBox") == "0 0 320 210")
        #expect(root.value(of: "aria-labelledby") == "priority-throughput-title priority-throughput-desc")
        #expect(try Self.elements("title", in: root).first?.value(of: "id") == "priority-throughput-title")
        #expect(try Self.elements("desc", in: root).first?.value(of: "id") == "priority-throughput-desc")
        #expect(root.value(of: "style") == nil)
        #expect(try Self.elements("style", in: root).isEmpty && Self.elements("script", in: root).isEmpty)
    }

    @Test func anIdPrefixIsMadeAUsableId() {
        #expect(SVGChart.identifier("lane 1\"x") == "lane-1-x")
        #expect(SVGChart.identifier("1st") == "chart-1st")
    }

    @Test func titleWithMarkupCharactersIsEscaped() throws {
        let title = "Lane <b>&\"standard\"'s</b>"
        let svg = Self.throughput([1, 2], title: title).svg(idPrefix: "c")
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("<title id=\"c-title\">Lane &lt;b&gt;&amp;&quot;standard&quot;&apos;s&lt;/b&gt;</title>"))
        let root = try Self.parse(svg)
        #expect(try Self.elements("title", in: root).first?.stringValue == title)
    }

    @Test func maximaAndTicksAreRound() {
        #expect(ChartScale(highest: 42).maximum == 50)
        #expect(ChartScale(highest: 42).ticks == [0, 10, 20, 30, 40, 50])
        #expect(ChartScale(highest: 120).maximum == 200)
        #expect(ChartScale(highest: 120).ticks == [0, 50, 100, 150, 200])
        #expect(ChartScale(highest: 0.7).maximum == 1)
        #expect(ChartScale(highest: 0.7).ticks == [0, 0.5, 1])
        #expect(ChartScale(highest: 100).maximum == 100)
        #expect(ChartScale(highest: 100).ticks == [0, 50, 100])
        #expect(ChartScale(highest: 0).maximum == 1)
        #expect(ChartScale(highest: 0).ticks == [0, 0.5, 1])
        for highest in [0.003, 0.35, 1.01, 3, 7.5, 19.9, 999, 1234, 5e6] {
            let scale = ChartScale(highest: highest)
            #expect(scale.maximum >= highest && scale.maximum < highest * 10)
            #expect(Self.isRound(scale.maximum), "maximum \(scale.maximum) for \(highest)")
            #expect(scale.ticks.first == 0 && scale.ticks.last == scale.maximum)
            #expect((3...6).contains(scale.ticks.count))
            #expect(Self.isRound(scale.ticks[1]), "step \(scale.ticks[1]) for \(highest)")
        }
    }

    /// Whether `value` is 1, 2 or 5 × 10ⁿ.
    static func isRound(_ value: Double) -> Bool {
        let mantissa = value / pow(10, floor(log10(value)))
        return [1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }
    }

    @Test func tickLabelsAreTheFormattedRoundValues() throws {
        let root = try Self.parse(Self.runTime(p50: [0.4, 1.2], p95: [0.9, 1.9]).svg(idPrefix: "r"))
        let labels = try Self.elements("text", in: root).compactMap(\.stringValue)
        #expect(["0 s", "500 ms", "1 s", "1.5 s", "2 s"].allSatisfy(labels.contains))
    }

    @Test func missingFiguresLeaveGapsInTheLine() throws {
        let chart = Self.runTime(p50: [1, 2, nil, 3, 4, nil, nil, 5], p95: [2, 3, 4, 5, 6, 7, 8, 9])
        let paths = try Self.elements("path", in: Self.parse(chart.svg(idPrefix: "r")))
            .filter { $0.value(of: "fill") == "none" }
        #expect(paths.count == 2)
        let subpaths = paths.map { ($0.value(of: "d") ?? "").filter { $0 == "M" }.count }
        #expect(subpaths == [3, 1])
    }

    @Test func descriptionNamesTheLatestHighestAndLowest() throws {
        var values: [Double?] = Array(repeating: 10, count: 60)
        values[5] = 120
        values[20] = 120
        values[30] = 0
        values[40] = nil
        values[59] = 42
        let chart = Self.throughput(values)
        #expect(
            chart.summary
                == "Throughput, in jobs finished a minute, over the last 60 minutes: latest 42 jobs/min, "
                + "highest 120 jobs/min at 14:05, lowest 0 jobs/min. No figures for 1 of the 60 minutes."
        )
        let root = try Self.parse(chart.svg(idPrefix: "t"))
        #expect(try Self.elements("desc", in: root).first?.stringValue == chart.summary)
    }

    @Test func descriptionNamesEachLineAndALatestFigureBeforeTheEnd() {
        let chart = Self.runTime(p50: [0.35, 1.2, nil], p95: [2, 9.5, nil])
        #expect(
            chart.summary
                == "Run time, in seconds, over the last 3 minutes: p50: latest 1.2 s at 14:01, highest 1.2 s at 14:01, "
                + "lowest 350 ms; p95: latest 9.5 s at 14:01, highest 9.5 s at 14:01, lowest 2 s. No figures for 1 of the 3 minutes."
        )
    }

    @Test func theTwoLinesDifferByDashPatternAndMarker() throws {
        let root = try Self.parse(Self.runTime(p50: [1, 2, 3], p95: [2, 4, 6]).svg(idPrefix: "r"))
        let lines = try Self.elements("path", in: root).filter { $0.value(of: "fill") == "none" }
        let dashes = lines.map { $0.value(of: "stroke-dasharray") }
        #expect(dashes.count == 2 && dashes[0] != dashes[1])
        let markers = try Self.elements("g", in: root).filter { $0.value(of: "class")?.hasPrefix("chart__markers") == true }
        let shapes = markers.map { Set(($0.children ?? []).compactMap(\.name)) }
        #expect(shapes == [["circle"], ["rect"]])
        let texts = try Self.elements("text", in: root).compactMap(\.stringValue)
        #expect(texts.contains("p50") && texts.contains("p95"))
    }

    @Test func barsStandForTheValuesWithZeroAndMissingDrawnAsNothing() throws {
        let root = try Self.parse(Self.throughput([5, 0, nil, 10]).svg(idPrefix: "t"))
        let bars = try Self.elements("rect", in: root)
        #expect(bars.count == 2)
        let heights = bars.compactMap { $0.value(of: "height").flatMap(Double.init) }
        #expect(heights.count == 2 && abs(heights[1] - heights[0] * 2) < 0.2)
    }

    @Test func anEmptyChartSaysSoVisiblyAndInItsDescription() throws {
        let chart = Self.throughput(Array(repeating: nil, count: 60))
        let root = try Self.parse(chart.svg(idPrefix: "t"))
        #expect(try Self.elements("desc", in: root).first?.stringValue?.hasSuffix("No jobs finished in the last hour.") == true)
        #expect(try Self.elements("text", in: root).contains { $0.stringValue == "No jobs finished in the last hour" })
        #expect(try Self.elements("rect", in: root).isEmpty)
        #expect(chart.view(idPrefix: "t").table == nil)
    }

    @Test func theTableHasARowForEachMinuteWithTheFiguresAsWritten() {
        let table = Self.runTime(p50: [0.35, nil], p95: [1.2, 2]).table
        #expect(table.headings == ["Minute", "p50", "p95"])
        #expect(table.rows == [.init(label: "14:00", values: ["350 ms", "1.2 s"]), .init(label: "14:01", values: ["No data", "2 s"])])
    }

    @Test func durationsAndRatesAreWrittenAsPeopleSayThem() {
        #expect([0, 0.35, 1.2, 2, 45, 750, 9000].map(ChartFormat.duration) == ["0 s", "350 ms", "1.2 s", "2 s", "45 s", "12.5 min", "2.5 h"])
        #expect(ChartFormat.jobsPerMinute(42) == "42 jobs/min")
        #expect(ChartFormat.jobsPerMinute(0.5) == "0.5 jobs/min")
    }
}

extension XMLElement {
    /// Attribute `name`'s value, found by its name: on Linux `attribute(forName:)` finds none on
    /// an element in the SVG namespace.
    fileprivate func value(of name: String) -> String? {
        attributes?.first { $0.name == name }?.stringValue
    }
}

/// Figures as the charts write them.
@Suite struct ChartFormatTests {
    @Test func decimalsAreWholeOrToOnePlaceAndNeverMinusZero() {
        let table: [(Double, String)] = [
            (0, "0"), (42, "42"), (1.2, "1.2"), (1.25, "1.3"), (0.04, "0"), (-0.04, "0"), (-1.5, "-1.5"), (-2, "-2"),
            (99.96, "100"), (1234.56, "1234.6"), (.nan, "0"), (.infinity, "0"),
        ]
        for (value, text) in table { #expect(ChartFormat.decimal(value) == text, "\(value)") }
        #expect(ChartFormat.duration(0.35) == "350 ms" && ChartFormat.duration(90) == "90 s" && ChartFormat.duration(750) == "12.5 min")
    }
}
