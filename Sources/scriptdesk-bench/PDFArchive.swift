import ArgumentParser
import Foundation
import ScriptDeskDelivery
import ScriptDeskPDF
import ScriptDeskServices

/// `scriptdesk-bench pdf-archive`: a script archive in the manifest form, of scanned pages
/// drawn as the demo draws them, for `scripts/bench pdf` to run both pipelines over.
struct PDFArchive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdf-archive",
        abstract: "Write script folders (manifest.json and greyscale JPEG pages) for the PDF benchmark."
    )

    @Option(help: "The folder to write script-NNNN folders into.")
    var out: String

    @Option(help: "Scripts to write.")
    var scripts = 40

    @Option(help: "Pages in each script.")
    var pages = 12

    @Option(help: "Scan resolution in dots per inch.")
    var dpi = 200

    @Option(help: "Distinct page images drawn; scripts reuse them, as drawing dominates otherwise.")
    var distinct = 24

    func run() async throws {
        let painter = ScannedPagePainter(dotsPerInch: dpi, quality: 75)
        var images: [Data] = []
        for index in 0..<distinct {
            images.append(try painter.jpeg(componentCode: "BENCH/01", page: index % pages + 1, of: pages, seed: "bench-\(index)"))
            progress("drew page \(index + 1) of \(distinct)")
        }
        for script in 0..<scripts {
            let folder = String(format: "%@/script-%04d", out, script + 1)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var entries: [ArchiveManifest.Page] = []
            for page in 0..<pages {
                let image = images[(script * 7 + page) % images.count]
                let name = String(format: "page-%03d.jpg", page + 1)
                try image.write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
                entries.append(.init(file: name, bytes: Int64(image.count), sha256: ContentHash.sha256(image)))
            }
            let manifest = try JSONEncoder().encode(ArchiveManifest(pages: entries))
            try manifest.write(to: URL(fileURLWithPath: "\(folder)/manifest.json"))
        }
        progress("wrote \(scripts) scripts of \(pages) pages at \(dpi) dpi to \(out)")
    }
}
