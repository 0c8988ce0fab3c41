import Foundation
import Testing

@testable import ScriptDeskPDF

/// A measure to run by hand, not a check:
/// `SCRIPTDESK_PDF_MEASURE=1 swift test --filter BuildSpeedMeasure` prints pages a second for
/// 12-page scripts of 200-dpi greyscale scans, and the peak memory of a 300-page build.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SCRIPTDESK_PDF_MEASURE"] != nil), .serialized)
struct BuildSpeedMeasure {
    @Test func pagesPerSecond() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let painter = ScannedPagePainter(dotsPerInch: 200, quality: 70)
        let scans = try (1...12).map { try painter.jpeg(componentCode: "H240/01", page: $0, of: 12, seed: "measure") }
        let files = try TestImages.files(scans, in: folder)
        let scripts = 40
        let start = ContinuousClock.now
        for index in 0..<scripts {
            _ = try ScriptPDFBuilder.build(cover: TestImages.cover, pages: files, to: "\(folder)/copy-\(index % 2).pdf")
        }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let bytes = scans.map(\.count).reduce(0, +) / scans.count
        print("\(scripts * 12) pages (\(bytes) bytes each) in \(String(format: "%.2f", seconds)) s: \(Int(Double(scripts * 12) / seconds)) pages/s")
    }

    @Test func peakMemoryOfALongScript() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let painter = ScannedPagePainter(dotsPerInch: 200, quality: 70)
        let scans = try TestImages.files([try painter.jpeg(componentCode: "H240/01", page: 1, of: 1, seed: "memory")], in: folder)
        for count in [10, 300] {
            let before = Self.peakResidentKB()
            _ = try ScriptPDFBuilder.build(cover: TestImages.cover, pages: Array(repeating: scans[0], count: count), to: "\(folder)/copy.pdf")
            print("\(count) pages: peak resident \(before / 1024) MB before, \(Self.peakResidentKB() / 1024) MB after")
        }
    }

    private static func peakResidentKB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
