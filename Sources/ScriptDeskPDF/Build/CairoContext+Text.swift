import CPoppler

/// Measuring text in the font in use, and breaking it into lines that fit.
extension CairoContext {
    /// How far `string` advances in the font in use, in points.
    func advance(of string: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, string, &extents)
        return extents.x_advance
    }

    /// Whether the font in use has a glyph for every character of `string` (the toy font API
    /// falls back to no other font: a missing glyph would print as an empty box).
    func hasGlyphs(for string: String) -> Bool {
        var glyphs: UnsafeMutablePointer<cairo_glyph_t>?
        var count: Int32 = 0
        let status = cairo_scaled_font_text_to_glyphs(cairo_get_scaled_font(context), 0, 0, string, -1, &glyphs, &count, nil, nil, nil)
        defer { cairo_glyph_free(glyphs) }
        guard status == CAIRO_STATUS_SUCCESS else { return false }
        guard let glyphs else { return count == 0 }
        return !UnsafeBufferPointer(start: glyphs, count: Int(count)).contains { $0.index == 0 }
    }

    /// `text` broken into lines no wider than `width` in the font in use: at spaces, and
    /// within a word only when the word alone is wider than a line (after a hyphen or a slash
    /// when one fits). Nothing is dropped but the
    /// spaces lines break at; past `maxLines` lines, the last one kept ends in "…".
    func lines(of text: String, width: Double, maxLines: Int = .max) -> [String] {
        guard advance(of: text) > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let joined = current.isEmpty ? String(word) : current + " " + word
            if advance(of: joined) <= width {
                current = joined
                continue
            }
            if !current.isEmpty { lines.append(current) }
            var rest = word
            while rest.count > 1, advance(of: String(rest)) > width {
                let cut = longestPrefix(of: rest, fitting: width)
                lines.append(String(rest[..<cut]))
                rest = rest[cut...]
            }
            current = String(rest)
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        guard lines.count > maxLines else { return lines }
        lines.removeLast(lines.count - max(1, maxLines))
        lines[lines.count - 1] = ellipsized(lines[lines.count - 1], width: width)
        return lines
    }

    /// `line` with "…" after it, characters taken off its end until it fits in `width`.
    func ellipsized(_ line: String, width: Double) -> String {
        var kept = Substring(line)
        while !kept.isEmpty, advance(of: String(kept) + "…") > width { kept = kept.dropLast() }
        return String(kept) + "…"
    }

    /// Where to cut `word` so the part before fits in `width`: after the last hyphen or slash
    /// that fits, or else after as many characters as fit (at least one).
    private func longestPrefix(of word: Substring, fitting width: Double) -> String.Index {
        var low = 1
        var high = word.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if advance(of: String(word.prefix(middle))) <= width { low = middle } else { high = middle - 1 }
        }
        let fitting = word.prefix(low)
        if let mark = fitting.lastIndex(where: { $0 == "-" || $0 == "/" }), mark > fitting.startIndex {
            return fitting.index(after: mark)
        }
        return fitting.endIndex
    }
}
