/// Makes safe, unique, deterministic names from wanted ones: the same list of wanted names
/// always gives the same list of names.
///
/// Each wanted name is cleaned as ``ZIPEntryName`` describes (an empty result becomes
/// `script.pdf`). A name already given, ignoring case because Windows and macOS unpack
/// case-insensitively, gets ` (2)`, ` (3)`, … before its extension.
public struct ZIPEntryNames: Sendable {
    /// Every name given so far, lowercased.
    private var taken: Set<String> = []
    /// For each cleaned name (lowercased) wanted more than once, the next number to try.
    private var nextNumber: [String: Int] = [:]

    /// A generator that has given no names yet.
    public init() {}

    /// A safe name for `wanted` that differs, ignoring case, from every name given before.
    public mutating func name(for wanted: String) -> ZIPEntryName {
        let clean = CleanFileName(wanted: wanted)
        let plain = clean.joined(suffix: "")
        let key = plain.lowercased()
        if taken.insert(key).inserted { return ZIPEntryName(checked: plain) }
        var number = nextNumber[key, default: 2]
        while true {
            let candidate = clean.joined(suffix: " (\(number))")
            number += 1
            if taken.insert(candidate.lowercased()).inserted {
                nextNumber[key] = number
                return ZIPEntryName(checked: candidate)
            }
        }
    }
}
