extension SVGChart {
    /// The chart as a self-contained `<svg>` element: `role="img"`, named by its `<title>` and
    /// `<desc>` (ids `idPrefix-title` and `idPrefix-desc`, so give each chart on a page its own
    /// prefix), a value axis with round ticks, the buckets' labels, bars or lines with a legend.
    /// Everything is drawn with presentation attributes and classes from the portal's stylesheet,
    /// never a `style`; every text is escaped. Sized 320 by 210, its `viewBox` lets it scale.
    func svg(idPrefix: String) -> String {
        let id = Self.identifier(idPrefix)
        let scale = self.scale
        let frame = ChartFrame(tickLabels: isEmpty ? [] : scale.ticks.map(format), buckets: buckets.count, maximum: scale.maximum)
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart__svg\" viewBox=\"0 0 \(ChartFrame.width) \(ChartFrame.height)\" "
                + "width=\"\(ChartFrame.width)\" height=\"\(ChartFrame.height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" "
                + "font-family=\"Arial, Helvetica, sans-serif\" font-size=\"13\">",
            "<title id=\"\(id)-title\">\(ChartFormat.escaped(title))</title>",
            "<desc id=\"\(id)-desc\">\(ChartFormat.escaped(summary))</desc>",
            frame.text(ChartFormat.escaped(unit), x: 0, y: 14, anchor: "start", colour: ChartFrame.secondaryText),
        ]
        parts += valueAxis(frame, ticks: isEmpty ? [0] : scale.ticks)
        if isEmpty {
            parts.append(
                frame.text(
                    ChartFormat.escaped(emptyMessage),
                    x: (frame.left + frame.right) / 2,
                    y: (frame.top + frame.bottom) / 2,
                    anchor: "middle",
                    colour: ChartFrame.primaryText
                )
            )
        } else {
            parts += kind == .bars ? bars(frame) : lines(frame) + legend(frame)
        }
        parts += bucketAxis(frame)
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// The value axis for the highest value in any series.
    var scale: ChartScale {
        ChartScale(highest: series.indices.flatMap { index in buckets.indices.compactMap { value(index, at: $0) } }.max() ?? 0)
    }

    /// The gridlines and their labels, with the baseline darker; only the baseline when empty.
    private func valueAxis(_ frame: ChartFrame, ticks: [Double]) -> [String] {
        let c = ChartFormat.coordinate
        return ticks.flatMap { tick in
            let y = frame.y(tick)
            let colour = tick == 0 ? ChartFrame.secondaryText : ChartFrame.gridline
            let line =
                "<line class=\"chart__grid\" x1=\"\(c(frame.left))\" x2=\"\(c(frame.right))\" y1=\"\(c(y))\" y2=\"\(c(y))\" "
                + "stroke=\"\(colour)\" stroke-width=\"1\"/>"
            guard !isEmpty else { return [line] }
            let label = frame.text(ChartFormat.escaped(format(tick)), x: frame.left - 6, y: y + 4, anchor: "end", colour: ChartFrame.secondaryText)
            return [line, label]
        }
    }

    /// Labels for about four buckets, counted back from the latest so that it is always labelled.
    private func bucketAxis(_ frame: ChartFrame) -> [String] {
        guard !buckets.isEmpty else { return [] }
        let stride = max(1, buckets.count / 4)
        return Swift.stride(from: buckets.count - 1, through: 0, by: -stride).reversed().map { bucket in
            let anchor = bucket == buckets.count - 1 && buckets.count > 1 ? "end" : bucket == 0 ? "start" : "middle"
            let x = anchor == "end" ? frame.right : anchor == "start" ? frame.left : frame.centre(of: bucket)
            return frame.text(ChartFormat.escaped(buckets[bucket]), x: x, y: frame.bottom + 18, anchor: anchor, colour: ChartFrame.secondaryText)
        }
    }

    /// One bar for each bucket with a value above zero, of the first series.
    private func bars(_ frame: ChartFrame) -> [String] {
        let c = ChartFormat.coordinate
        let width = max(1, frame.bucketWidth * 0.7)
        let rectangles = buckets.indices.compactMap { bucket -> String? in
            guard let value = value(0, at: bucket), value > 0 else { return nil }
            let top = frame.y(value)
            return "<rect x=\"\(c(frame.centre(of: bucket) - width / 2))\" y=\"\(c(top))\" width=\"\(c(width))\" "
                + "height=\"\(c(frame.bottom - top))\"/>"
        }
        return ["<g class=\"chart__bars\" fill=\"\(ChartLineStyle.forSeries(0).colour)\">"] + rectangles + ["</g>"]
    }

    /// Each series as one path, a separate subpath for each run of buckets with values (so a
    /// bucket without one leaves a gap), and markers on every few points and on lone points.
    private func lines(_ frame: ChartFrame) -> [String] {
        let c = ChartFormat.coordinate
        let every = max(1, buckets.count / 12)
        return series.indices.flatMap { index -> [String] in
            let style = ChartLineStyle.forSeries(index)
            var runs: [[(bucket: Int, x: Double, y: Double)]] = []
            var previous: Int?
            for bucket in buckets.indices {
                guard let value = value(index, at: bucket) else { continue }
                let point = (bucket: bucket, x: frame.centre(of: bucket), y: frame.y(value))
                if previous == bucket - 1 { runs[runs.count - 1].append(point) } else { runs.append([point]) }
                previous = bucket
            }
            let path = runs.map { run in
                run.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(c($0.element.x)) \(c($0.element.y))" }.joined()
            }
            let dashes = style.dashes.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            let line =
                "<path class=\"chart__line chart__line--\(index % 3 + 1)\" d=\"\(path.joined(separator: " "))\" fill=\"none\" "
                + "stroke=\"\(style.colour)\" stroke-width=\"2\"\(dashes) stroke-linejoin=\"round\"/>"
            let markers = runs.flatMap { run in
                run.filter { run.count == 1 || ($0.bucket - buckets.count + 1) % every == 0 }.map { style.markerElement(x: $0.x, y: $0.y) }
            }
            return [line, "<g class=\"chart__markers chart__markers--\(index % 3 + 1)\">"] + markers + ["</g>"]
        }
    }

    /// The series' names, each after a sample of its line and marker, along the foot.
    private func legend(_ frame: ChartFrame) -> [String] {
        let c = ChartFormat.coordinate
        var x = frame.left
        let y = Double(ChartFrame.height) - 8
        return series.indices.flatMap { index -> [String] in
            let style = ChartLineStyle.forSeries(index)
            let dashes = style.dashes.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            let sample =
                "<line class=\"chart__line\" x1=\"\(c(x))\" x2=\"\(c(x + 28))\" y1=\"\(c(y - 4))\" y2=\"\(c(y - 4))\" stroke=\"\(style.colour)\" "
                + "stroke-width=\"2\"\(dashes)/>"
            let name = series[index].name
            let parts = [
                sample, style.markerElement(x: x + 14, y: y - 4),
                frame.text(ChartFormat.escaped(name), x: x + 34, y: y, anchor: "start", colour: ChartFrame.primaryText),
            ]
            x += 34 + ChartFrame.textWidth(name) + 18
            return parts
        }
    }

    /// `prefix` as an XML id: letters, digits, `-` and `_` kept, anything else made a `-`,
    /// and `chart-` put first if it does not start with a letter.
    static func identifier(_ prefix: String) -> String {
        let kept = String(prefix.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
        return kept.first?.isLetter == true ? kept : "chart-\(kept)"
    }
}
