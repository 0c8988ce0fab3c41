import Foundation

/// A wanted file name cleaned so that any system unpacks it as one plain file, split into a
/// stem and an extension so that a long stem is cut, or a number added, without losing the
/// extension.
struct CleanFileName: Hashable, Sendable {
    /// The name before its extension; never empty, never starting with a dot or a space.
    var stem: String
    /// The extension with its dot, such as `.pdf`, or empty.
    var pathExtension: String

    /// Replaces separators, control, bidirectional-override and Windows-refused characters by
    /// `_`, drops leading dots and spaces and trailing dots and spaces, and keeps Windows device
    /// names from being one (`CON.pdf` becomes `_CON.pdf`). Nothing left means `script.pdf`.
    init(wanted: String) {
        var scalars = String.UnicodeScalarView()
        for scalar in wanted.precomposedStringWithCanonicalMapping.unicodeScalars {
            scalars.append(Self.isRefused(scalar) ? "_" : scalar)
        }
        var name = Substring(String(scalars))
        while let first = name.first, first == "." || first.isWhitespace { name.removeFirst() }
        Self.trimEnd(&name)
        guard !name.isEmpty else {
            (stem, pathExtension) = ("script", ".pdf")
            return
        }
        if let dot = name.lastIndex(of: "."), Self.isExtension(name[name.index(after: dot)...]) {
            (stem, pathExtension) = (String(name[..<dot]), String(name[dot...]))
        } else {
            (stem, pathExtension) = (String(name), "")
        }
        let device = name.prefix { $0 != "." }.trimmingCharacters(in: .whitespaces).uppercased()
        if Self.windowsDevices.contains(device) { stem = "_" + stem }
    }

    /// The stem, `suffix` and extension, with the stem cut on a character boundary so that the
    /// whole fits in ``ZIPEntryName/maximumByteCount`` UTF-8 bytes.
    func joined(suffix: String) -> String {
        let budget = ZIPEntryName.maximumByteCount - suffix.utf8.count - pathExtension.utf8.count
        guard stem.utf8.count > budget else { return stem + suffix + pathExtension }
        var end = stem.startIndex
        var used = 0
        for index in stem.indices {
            used += stem[index].utf8.count
            guard used <= budget else { break }
            end = stem.index(after: index)
        }
        var cut = stem[..<end]
        Self.trimEnd(&cut)
        return (cut.isEmpty ? "script" : String(cut)) + suffix + pathExtension
    }

    /// Path separators, controls (C0, DEL, C1), marks and overrides that reorder how a name
    /// reads (so `evil\u{202E}fdp.exe` cannot pass for a PDF), line and paragraph separators,
    /// and the characters Windows refuses in a file name.
    private static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true
        default: "/\\<>:\"|?*".unicodeScalars.contains(scalar)
        }
    }

    /// One to ten ASCII letters or digits after the last dot.
    private static func isExtension(_ text: Substring) -> Bool {
        (1...10).contains(text.utf8.count) && text.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }

    /// Windows refuses a trailing dot or space; drop them all.
    private static func trimEnd(_ text: inout Substring) {
        while let last = text.last, last == "." || last.isWhitespace { text.removeLast() }
    }

    /// Names Windows keeps for devices, whatever the extension.
    private static let windowsDevices: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
        for digit in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "\u{B9}", "\u{B2}", "\u{B3}"] {
            names.insert("COM" + digit)
            names.insert("LPT" + digit)
        }
        return names
    }()
}
