import Foundation

/// Quoted-printable (RFC 2045 §6.7) for text bodies: lines end in CRLF, no encoded line is
/// longer than 76 characters, and every byte outside printable ASCII (and `=`, and a space
/// or tab at the end of a line) is written as `=XX`.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        var result = ""
        for (index, line) in lines(of: text).enumerated() {
            if index > 0 { result += "\r\n" }
            result += encode(line: Array(line.utf8))
        }
        return result
    }

    /// The text's lines, whatever ended them (CRLF, LF or CR).
    static func lines(of text: String) -> [Substring] {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: "\r", omittingEmptySubsequences: false)
        }
    }

    private static func encode(line bytes: [UInt8]) -> String {
        var result = ""
        var column = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !isLast)
            let token = literal ? String(UnicodeScalar(byte)) : "=" + hex(byte)
            // A soft break is `=` at the end of a line, so a broken line holds at most 75.
            if column + token.count > (isLast ? 76 : 75) {
                result += "=\r\n"
                column = 0
            }
            result += token
            column += token.count
        }
        return result
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
