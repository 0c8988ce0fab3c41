/// `Content-Disposition` for downloads (RFC 6266 with RFC 8187 for non-ASCII names).
public enum ContentDisposition {
    /// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`. The ASCII form
    /// replaces anything unsafe (quotes, backslashes, slashes, control and non-ASCII
    /// characters) with `_`; the extended form carries the name exactly. Built byte by byte:
    /// every download's answer carries one.
    public static func attachment(fileName: String) -> String {
        let name = fileName.isEmpty ? "download" : fileName
        var header = Array("attachment; filename=\"".utf8)
        header.reserveCapacity(header.count + name.utf8.count * 4 + 20)
        for scalar in name.unicodeScalars {
            let value = scalar.value
            header.append(value >= 0x20 && value < 0x7F && !unsafeInQuotes.contains(UInt8(value)) ? UInt8(value) : UInt8(ascii: "_"))
        }
        header += "\"; filename*=UTF-8''".utf8
        for byte in name.utf8 {
            if isAttributeCharacter(byte) {
                header.append(byte)
            } else {
                header += [UInt8(ascii: "%"), upperHex[Int(byte >> 4)], upperHex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: header, as: UTF8.self)
    }

    private static let unsafeInQuotes = Set("\"\\/%;".utf8)
    private static let upperHex = Array("0123456789ABCDEF".utf8)

    /// RFC 8187's `attr-char`: letters, digits and `!#$&+-.^_`|~`.
    private static func isAttributeCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
