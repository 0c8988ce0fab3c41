extension SVGChart {
    /// The chart in words, for its `<desc>`: "Throughput, in jobs finished a minute, over the
    /// last 60 minutes: latest 42 jobs/min, highest 120 jobs/min at 14:05, lowest 0 jobs/min."
    /// Each of several series is named; buckets without any figure are counted.
    var summary: String {
        let opening = "\(title), in \(unit), over \(period)"
        guard !isEmpty else { return "\(opening): \(emptyMessage)." }
        let parts = series.indices.map { index in
            series.count == 1 ? figures(of: index) : "\(series[index].name): \(figures(of: index))"
        }
        var text = "\(opening): \(parts.joined(separator: "; "))."
        let gaps = buckets.indices.count(where: { bucket in series.indices.allSatisfy { value($0, at: bucket) == nil } })
        if gaps > 0 {
            text += " No figures for \(gaps) of the \(buckets.count) minutes."
        }
        return text
    }

    /// "latest 1.2 s, highest 3 s at 14:05, lowest 200 ms"; the latest has its time when it
    /// is not the last bucket's.
    private func figures(of index: Int) -> String {
        let points = buckets.indices.compactMap { bucket in value(index, at: bucket).map { (bucket, $0) } }
        guard let latest = points.last, let highest = points.max(by: { $0.1 < $1.1 }),
            let lowest = points.min(by: { $0.1 < $1.1 })
        else { return "no figures" }
        // `max(by:)` keeps the first of equal values, so the description names the earliest.
        let latestTime = latest.0 == buckets.count - 1 ? "" : " at \(buckets[latest.0])"
        return "latest \(format(latest.1))\(latestTime), highest \(format(highest.1)) at \(buckets[highest.0]), "
            + "lowest \(format(lowest.1))"
    }
}
