/// What an anonymised copy is known by, on its cover and in its file name, in place of its
/// request id: random, so that a centre, which knows which candidate each of its requests
/// names, cannot map the copy back; the awarding body maps it through the copy's record,
/// whose file name carries it.
public enum AnonymousReference {
    /// Crockford's base-32 digits: no I, L, O or U, nothing to misread.
    static let digits = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// `ANON-` and twelve base-32 digits (60 random bits) from `generator`.
    public static func make(using generator: inout some RandomNumberGenerator) -> String {
        var bits = generator.next() as UInt64
        var text = ""
        for index in 0..<12 {
            if index == 6 { text.append("-") }
            text.append(digits[Int(bits & 31)])
            bits >>= 5
        }
        return "ANON-" + text
    }
}
