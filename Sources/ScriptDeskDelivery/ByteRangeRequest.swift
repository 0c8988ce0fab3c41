import Foundation

/// What a `Range` header (RFC 9110 §14) asks of a representation of `length` bytes.
///
/// A header in another unit, or malformed (`bytes=5-2` included), is ignored: the whole
/// representation is sent, as §14.2 allows. Several ranges are deliberately answered with
/// the whole representation too: a PDF reader resumes one range at a time, and one 200 is
/// safer than a multipart body no browser needs.
public enum ByteRangeRequest: Sendable, Hashable {
    /// Send everything (200).
    case whole
    /// Send these bytes (206 with `Content-Range: bytes first-last/length`).
    case part(ClosedRange<Int64>)
    /// Nothing asked for lies within the representation (416 with `Content-Range: bytes */length`).
    case unsatisfiable

    /// Reads `header` for a representation of `length` bytes. `ifRange` is the request's
    /// `If-Range`; the range applies only when it is absent or equals `strongETag` exactly
    /// (a weak tag or a date never matches: only a strong validator proves the bytes are the same).
    public init(header: String?, length: Int64, ifRange: String? = nil, strongETag: String) {
        guard let header, ifRange == nil || ifRange == strongETag else {
            self = .whole
            return
        }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes="), length >= 0 else {
            self = .whole
            return
        }
        let specs = trimmed.dropFirst(6).split(separator: ",", omittingEmptySubsequences: false)
        guard specs.count == 1, let range = Self.range(String(specs[0]).trimmingCharacters(in: .whitespaces), length: length) else {
            self = .whole
            return
        }
        self = range
    }

    /// One byte-range-spec; nil when it is malformed.
    private static func range(_ spec: String, length: Int64) -> ByteRangeRequest? {
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let (firstText, lastText) = (parts[0], parts[1])
        guard firstText.allSatisfy(\.isASCIIDigit), lastText.allSatisfy(\.isASCIIDigit), !(firstText.isEmpty && lastText.isEmpty) else {
            return nil
        }
        if firstText.isEmpty {
            // A suffix: the last N bytes. `-0`, or anything of an empty file, is unsatisfiable.
            guard let suffix = Int64(lastText) else { return .whole }
            guard suffix > 0, length > 0 else { return .unsatisfiable }
            return .part(max(0, length - suffix)...(length - 1))
        }
        guard let first = Int64(firstText) else { return .unsatisfiable }
        let last = lastText.isEmpty ? Int64.max : (Int64(lastText) ?? Int64.max)
        guard first <= last else { return nil }
        guard first < length else { return .unsatisfiable }
        return .part(first...min(last, length - 1))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
