/// `Content-Disposition` for downloads (RFC 6266 with RFC 8187 for non-ASCII names).
public enum ContentDisposition {
    /// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`. The ASCII form
    /// replaces anything unsafe (quotes, backslashes, slashes, control and non-ASCII
    /// characters) with `_`; the extended form carries the name exactly.
    public static func attachment(fileName: String) -> String {
        let name = fileName.isEmpty ? "download" : fileName
        let fallback = String(
            String.UnicodeScalarView(
                name.unicodeScalars.map { scalar in
                    scalar.value >= 0x20 && scalar.value < 0x7F && !"\"\\/%;".unicodeScalars.contains(scalar) ? scalar : "_"
                }
            )
        )
        let attrChars = Set("!#$&+-.^_`|~".utf8)
        var encoded = ""
        for byte in name.utf8 {
            let isAlphanumeric = (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
            if isAlphanumeric || attrChars.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
