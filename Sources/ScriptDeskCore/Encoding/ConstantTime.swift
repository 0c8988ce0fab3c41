/// Comparisons of secrets whose time does not depend on where they first differ, so a
/// client cannot find a token byte by byte from how long its refusals take.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. Strings of different lengths are unequal
    /// at once: the length of a token is no secret.
    public static func equal(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
