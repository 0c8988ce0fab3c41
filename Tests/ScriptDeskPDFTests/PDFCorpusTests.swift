import Foundation
import Testing

@testable import ScriptDeskPDF

/// Damaged and hostile PDFs, generated here, each with the verdict it must get. None may
/// crash or hang the check, and each verdict must be the same every time.
@Suite struct PDFCorpusTests {
    /// A built three-page copy's bytes and the folder it lives in.
    static func builtCopy() throws -> (folder: String, bytes: Data) {
        let (folder, pdf) = try PDFCheckerTests.builtCopy()
        return (folder, try Data(contentsOf: URL(fileURLWithPath: pdf)))
    }

    /// The first fatal code the in-process check gives `bytes`, or "pass".
    static func verdict(_ bytes: Data, in folder: String, expectedPages: Int? = 3) throws -> String {
        let path = "\(folder)/case-\(UUID().uuidString).pdf"
        try bytes.write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        return PDFChecker.inspect(fileAt: path, expectedPages: expectedPages).firstFatal?.code ?? "pass"
    }

    /// `bytes` with `old` replaced by `new` once; the two must have the same length, so
    /// every offset in the file stays right.
    static func replacing(_ old: String, with new: String, in bytes: Data, sameLength: Bool = true) throws -> Data {
        precondition(!sameLength || old.utf8.count == new.utf8.count)
        let range = try #require(bytes.range(of: Data(old.utf8)))
        var copy = bytes
        copy.replaceSubrange(range, with: Data(new.utf8))
        return copy
    }

    @Test(arguments: [0.1, 0.5, 0.9, 0.999])
    func aFileCutShortIsTruncated(fraction: Double) throws {
        let (folder, bytes) = try Self.builtCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Self.verdict(bytes.prefix(Int(Double(bytes.count) * fraction)), in: folder) == "pdf.truncated")
    }

    @Test func structuralDamageGetsItsOwnCode() throws {
        let (folder, bytes) = try Self.builtCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = String(decoding: bytes.suffix(64), as: UTF8.self)
        let startxref = try #require(text.split(separator: "\n").reversed().first { Int($0) != nil })
        let wrongStart = String(repeating: "9", count: startxref.count)
        let cases: [(String, Data)] = [
            ("pdf.truncated", try Self.replacing("%%EOF", with: "%%EOX", in: bytes)),
            ("pdf.bad_startxref", try Self.replacing("startxref\n\(startxref)", with: "startxref\n\(wrongStart)", in: bytes)),
            ("pdf.page_count_lies", try Self.replacing("/Count 3", with: "/Count 5", in: bytes)),
            ("pdf.page_count_lies", try Self.replacing("/Count 3", with: "/Count 2", in: bytes)),
            ("pdf.missing_media_box", try Self.withoutMediaBoxes(bytes)),
            ("pdf.not_pdf", Data("<!DOCTYPE html><html><body>Sign in</body></html>\n".utf8) + bytes),
            ("pdf.empty", Data()),
            // One byte inserted in the middle shifts every object after it.
            ("pdf.xref_damaged", bytes.prefix(bytes.count / 2) + Data([0x20]) + bytes.suffix(from: bytes.count / 2)),
        ]
        let verdicts = try cases.map { try Self.verdict($0.1, in: folder) }
        #expect(verdicts == cases.map(\.0))
    }

    /// Every `/MediaBox` renamed, at the same length.
    static func withoutMediaBoxes(_ bytes: Data) throws -> Data {
        var copy = bytes
        while let range = copy.range(of: Data("/MediaBox".utf8)) { copy.replaceSubrange(range, with: Data("/MediaBax".utf8)) }
        return copy
    }

    @Test func aLyingCountAndACorruptScanFoolTheUsualTools() throws {
        let (folder, bytes) = try Self.builtCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let corrupt = try Self.corruptingFirstScan(bytes)
        let lying = try Self.replacing("/Count 3", with: "/Count 2", in: bytes)
        #expect(try Self.verdict(corrupt, in: folder) == "pdf.image_damaged")
        // pdfinfo and qpdf --check exit 0 on both: an exit code alone misses the damage.
        for damaged in [corrupt, lying] {
            let path = "\(folder)/fooled.pdf"
            try damaged.write(to: URL(fileURLWithPath: path))
            #expect(try TestImages.run(["pdfinfo", path]) == 0)
            #expect(try TestImages.run(["qpdf", "--check", path]) == 0)
        }
    }

    /// Restart markers written over part of the first scan's entropy-coded data: libjpeg
    /// meets a marker where data should be.
    static func corruptingFirstScan(_ bytes: Data) throws -> Data {
        let image = try #require(bytes.range(of: Data("/Subtype /Image".utf8)))
        let stream = try #require(bytes.range(of: Data("stream\n".utf8), in: image.upperBound..<bytes.endIndex))
        var copy = bytes
        let start = stream.upperBound + 2_000
        for offset in stride(from: start, to: start + 40, by: 2) {
            copy[offset] = 0xFF
            copy[offset + 1] = 0xD0 + UInt8((offset / 2) % 8)
        }
        return copy
    }

    @Test func encryptionEvenWithAnEmptyPasswordIsRefused() throws {
        let (folder, pdf) = try PDFCheckerTests.builtCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try TestImages.run(["qpdf", "--encrypt", "", "owner", "256", "--", pdf, "\(folder)/locked.pdf"]) == 0)
        let verdict = PDFChecker.inspect(fileAt: "\(folder)/locked.pdf", expectedPages: 3).firstFatal?.code
        #expect(verdict == "pdf.encrypted")
    }

    @Test func aPageTreeThatLoopsIsRefused() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let looping = MinimalPDF.make([
            MinimalPDF.object("<< /Type /Catalog /Pages 2 0 R >>"),
            MinimalPDF.object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            MinimalPDF.object("<< /Type /Pages /Kids [2 0 R] /Count 1 /MediaBox [0 0 595 842] >>"),
        ])
        #expect(try Self.verdict(looping, in: folder, expectedPages: nil) == "pdf.page_tree_cycle")
    }

    @Test func aFlateBombIsStoppedAtItsLimit() throws {
        let folder = try TestImages.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 24 MB of spaces in about 24 KB: past the 16 MB a page's content may inflate to.
        let bomb = MinimalPDF.deflated(Data(repeating: 0x20, count: 24 << 20))
        let pdf = MinimalPDF.make([
            MinimalPDF.object("<< /Type /Catalog /Pages 2 0 R >>"),
            MinimalPDF.object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            MinimalPDF.object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
            MinimalPDF.stream("/Filter /FlateDecode", bomb),
        ])
        #expect(bomb.count < 64 << 10)
        #expect(try Self.verdict(pdf, in: folder, expectedPages: 1) == "pdf.stream_too_large")
    }

    @Test func numbersBigEnoughToOverflowAreRefusedNotTrapped() throws {
        let (folder, bytes) = try Self.builtCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The table may change length freely: nothing points past its start.
        let hugeSubsection = try Self.replacing("xref\n0 ", with: "xref\n9223372036854775800 ", in: bytes, sameLength: false)
        #expect(try Self.verdict(hugeSubsection, in: folder) == "pdf.xref_damaged")
        let hugeLength = MinimalPDF.make([
            MinimalPDF.object("<< /Type /Catalog /Pages 2 0 R >>"),
            MinimalPDF.object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            MinimalPDF.object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
            MinimalPDF.object("<< /Length 9223372036854775807 >>\nstream\nBT ET\nendstream"),
        ])
        #expect(try Self.verdict(hugeLength, in: folder, expectedPages: 1) == "pdf.object_damaged")
        let hugeImage = MinimalPDF.make([
            MinimalPDF.object("<< /Type /Catalog /Pages 2 0 R >>"),
            MinimalPDF.object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            MinimalPDF.object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /I 4 0 R >> >> >>"),
            MinimalPDF.stream(
                "/Type /XObject /Subtype /Image /Width 9223372036854775807 /Height 9223372036854775807 /BitsPerComponent 8 /ColorSpace /DeviceGray",
                Data([0])
            ),
        ])
        #expect(try Self.verdict(hugeImage, in: folder, expectedPages: 1) == "pdf.image_damaged")
    }

    @Test func randomByteFlipsGetAStableVerdictAndNeverCrash() throws {
        let (folder, bytes) = try Self.builtCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var generator = SplitMix(seed: 0x5C21_97DE)
        var verdicts: [String: Int] = [:]
        for _ in 0..<150 {
            var damaged = bytes
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            let first = try Self.verdict(damaged, in: folder)
            #expect(try Self.verdict(damaged, in: folder) == first)
            verdicts[first, default: 0] += 1
        }
        // Most flips land in scan data that still decodes; some must be caught.
        #expect(verdicts.keys.contains { $0 != "pass" })
    }
}

/// A small seeded generator, so the flipped bytes are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
