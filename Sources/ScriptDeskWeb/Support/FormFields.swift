import Foundation
import MultipartKit
import NIOCore

/// A form's body as its fields (the last of a repeated name wins): URL-encoded, or
/// `multipart/form-data`, whose file parts are read as UTF-8 text.
enum FormFields {
    static func parse(_ body: ByteBuffer, contentType: String) throws -> [String: String] {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return parse(String(buffer: body)) }
        guard
            let boundary = contentType.split(separator: ";").lazy.compactMap({ part -> String? in
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].lowercased() == "boundary" else { return nil }
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }).first
        else { throw FormDataError.noBoundary }
        return try FormDataDecoder().decode([String: String].self, from: body, boundary: boundary)
    }

    enum FormDataError: Error { case noBoundary }

    static func parse(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
