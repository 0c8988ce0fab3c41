/// Percent-encoding (RFC 3986) of every byte of UTF-8 outside the unreserved
/// `A-Z a-z 0-9 - . _ ~`, with uppercase hex. Distinct texts always give distinct
/// encodings, and no encoding holds `/`, `\`, `?`, `#` or a NUL.
public enum PercentEncoding {
    private static let digits = Array("0123456789ABCDEF".utf8)

    /// `text` with every byte outside the unreserved set written as `%XX`.
    public static func encode(_ text: String) -> String {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
