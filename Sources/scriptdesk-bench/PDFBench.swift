import ArgumentParser
import Foundation
import ScriptDeskDelivery
import ScriptDeskPDF
import ScriptDeskServices
import ScriptDeskTransfer

#if canImport(Glibc)
import Glibc
import ScriptDeskCore
#endif

/// `scriptdesk-bench pdf`: the production code path (`CopyProducer`: fetch over libcurl with
/// every page's size and SHA-256 verified, build, check in a child process with every image
/// decoded, publish with fsync) over each script of an archive, a fixed number at a time.
/// Prints one JSON object for `scripts/bench pdf`.
struct PDFBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdf",
        abstract: "Produce a checked, published copy of every script in an archive; print throughput and stage costs as JSON."
    )

    @Option(help: "The archive folder that holds script-NNNN folders.")
    var archive: String

    @Option(help: "A scratch folder for staging and the download area.")
    var work: String

    @Option(help: "The scriptdesk executable that runs each check in a child process.")
    var checker: String

    @Option(help: "Scripts produced at the same time.")
    var parallel = 2

    func run() async throws {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: archive).filter { $0.hasPrefix("script-") }.sorted()
        let producer = CopyProducer(
            fetcher: Fetcher(policy: .archive()),
            checks: .childProcesses(executable: checker, limits: .init()),
            downloadArea: try LocalDownloadArea(root: "\(work)/published")
        )
        let clock = ContinuousClock()
        let start = clock.now
        var results: [CopyProducer.Produced] = []
        try await withThrowingTaskGroup(of: CopyProducer.Produced.self) { group in
            var next = 0
            func launch() {
                guard next < scripts.count else { return }
                let name = scripts[next]
                next += 1
                let staging = "\(work)/staging/\(name)"
                let location = URL(fileURLWithPath: "\(archive)/\(name)", isDirectory: true).absoluteString
                group.addTask {
                    try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
                    defer { try? FileManager.default.removeItem(atPath: staging) }
                    return try await producer.produce(from: location, staging: staging) { Self.cover(name: name, pages: $0) }
                }
            }
            for _ in 0..<max(1, parallel) { launch() }
            while let produced = try await group.next() {
                results.append(produced)
                if results.count % 10 == 0 { progress("produced \(results.count) of \(scripts.count)") }
                launch()
            }
        }
        let elapsed = (clock.now - start).timeInterval
        // The checkers exit, so their peak memory is counted among this process's children.
        if case .childProcesses(let pool) = producer.checks { pool.stopIdleChildren() }
        let pages = Double(results.reduce(0) { $0 + $1.pages })
        let total = { (stage: KeyPath<CopyProducer.Timings, Duration>) in results.reduce(0.0) { $0 + $1.timings[keyPath: stage].timeInterval } }
        let report: [String: JSONValue] = [
            "scripts": .number(Double(results.count)),
            "pages_per_script": .number(results.isEmpty ? 0 : pages / Double(results.count)),
            "seconds": .number(elapsed),
            "scripts_per_s": .number(Double(results.count) / elapsed),
            "build_pages_per_s": .number(pages / total(\.build)),
            "check_ms_per_page": .number(total(\.check) * 1000 / pages),
            "fetch_ms_per_script": .number(total(\.fetch) * 1000 / Double(results.count)),
            "publish_ms_per_script": .number(total(\.publish) * 1000 / Double(results.count)),
            "peak_rss_mb": .number(Self.peakRSS(RUSAGE_SELF)),
            "peak_child_rss_mb": .number(Self.peakRSS(RUSAGE_CHILDREN)),
        ]
        print(JSONValue.object(report).text)
    }

    /// The largest resident set so far, in MB, of this process or of its largest child.
    private static func peakRSS(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(who.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    private static func cover(name: String, pages: Int) -> CoverSheet {
        CoverSheet(
            copyLabel: "Priority copy",
            purpose: "Issued so the centre can decide whether to request a review. Keep it confidential.",
            centre: "10001 Benchmark Academy",
            candidate: "0001 Bench Candidate",
            component: "BENCH/01 Benchmark paper (GCE)",
            series: "June 2026 (2026-06)",
            reference: name,
            issuedAt: Date(timeIntervalSince1970: 1_787_212_800),
            scannedPageCount: pages
        )
    }
}
