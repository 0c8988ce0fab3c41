extension ArchiveURLTemplate {
    /// The URL of one script's folder. Each value becomes one percent-encoded path segment.
    /// Empty values and the dot segments `.` and `..` are refused, and so, for `file://`
    /// templates (whose paths libcurl decodes before opening), is any value holding `/`,
    /// `\` or a NUL.
    public func url(series: String, component: String, centre: String, candidate: String) throws(TransferConfigurationError) -> String {
        var url = ""
        for part in parts {
            switch part {
            case .literal(let text):
                url += text
            case .placeholder(let field):
                let value =
                    switch field {
                    case .series: series
                    case .component: component
                    case .centre: centre
                    case .candidate: candidate
                    }
                url += try segment(value, for: field)
            }
        }
        return url
    }

    private func segment(_ value: String, for field: Field) throws(TransferConfigurationError) -> String {
        guard !value.isEmpty, value != ".", value != ".." else {
            throw .invalidValue(field: field.rawValue, reason: "it is empty or a dot segment")
        }
        if scheme == "file", value.contains(where: { $0 == "/" || $0 == "\\" || $0 == "\0" }) {
            throw .invalidValue(field: field.rawValue, reason: "a file:// archive path may not hold '/', '\\' or NUL")
        }
        return Self.percentEncoded(value)
    }

    /// Percent-encodes every byte of UTF-8 except the unreserved `A-Z a-z 0-9 - . _ ~`.
    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var encoded = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                encoded += "%" + String([hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]])
            }
        }
        return encoded
    }
}
