/// base64url without padding (RFC 4648 §5), strict: any other character, padding, or
/// non-canonical trailing bits make decoding fail, so one token has exactly one spelling.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }()

    /// Encodes bytes.
    public static func encode(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            var group = UInt32(bytes[index]) << 16
            if count > 1 { group |= UInt32(bytes[index + 1]) << 8 }
            if count > 2 { group |= UInt32(bytes[index + 2]) }
            for position in 0...count {
                text.append(alphabet[Int((group >> (18 - 6 * UInt32(position))) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes text, or returns `nil` for anything not produced by `encode`.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { chars in
            values.withUnsafeBufferPointer { values in decode(chars, values: values) }
        }
    }

    private static func decode(_ chars: UnsafeBufferPointer<UInt8>, values: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard chars.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count * 3 / 4)
        var index = 0
        while index < chars.count {
            let count = min(4, chars.count - index)
            var group: UInt32 = 0
            for position in 0..<4 {
                var value: UInt8 = 0
                if position < count {
                    value = values[Int(chars[index + position])]
                    guard value != 0xFF else { return nil }
                }
                group = group << 6 | UInt32(value)
            }
            let produced = count - 1
            // Bits past the last whole byte must be zero, or two spellings would decode alike.
            let unused = group & ((1 << UInt32(8 * (3 - produced))) - 1)
            guard unused == 0 else { return nil }
            for position in 0..<produced { bytes.append(UInt8((group >> (16 - 8 * UInt32(position))) & 0xFF)) }
            index += 4
        }
        return bytes
    }
}
