import CZlib
import Foundation

/// Writes small PDFs by hand, with a correct cross-reference, for damage a builder would
/// never produce: a page tree that loops, a stream that inflates without end.
enum MinimalPDF {
    /// A PDF whose objects are numbered from 1 in order; object 1 is the catalog.
    static func make(_ objects: [Data]) -> Data {
        var output = Data("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(output.count)
            output += Data("\(index + 1) 0 obj\n".utf8) + body + Data("\nendobj\n".utf8)
        }
        let xref = output.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(format: "%010d 00000 n \n", offset) }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return output + Data(table.utf8)
    }

    static func object(_ text: String) -> Data { Data(text.utf8) }

    /// A stream object with `dictionary` entries and `data`, its /Length filled in.
    static func stream(_ dictionary: String, _ data: Data) -> Data {
        Data("<< \(dictionary) /Length \(data.count) >>\nstream\n".utf8) + data + Data("\nendstream".utf8)
    }

    /// zlib-compressed `data`.
    static func deflated(_ data: Data) -> Data {
        var length = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = data.withUnsafeBytes { input in
            compress2(&output, &length, input.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(data.count), 9)
        }
        precondition(status == Z_OK)
        return Data(output.prefix(Int(length)))
    }
}
