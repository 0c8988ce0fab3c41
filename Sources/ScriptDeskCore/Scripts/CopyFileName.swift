/// The file name a published copy is offered under: ASCII letters, digits, `-` and `_`
/// only, so it is safe in any header, file system and ZIP entry.
public enum CopyFileName {
    /// `2026-06_H240-01_12345_0001_priority.pdf`; for an anonymised copy, its anonymous
    /// reference in place of the candidate number (never the request id, which the centre
    /// can map back to the candidate).
    public static func make(for request: ScriptRequest, anonymousReference: String?) -> String {
        var parts = [request.series, request.component, request.centre.rawValue]
        if request.isAnonymised {
            parts.append(anonymousReference ?? "ANON")
        } else {
            parts.append(request.candidate.rawValue)
        }
        parts.append(request.kind == .priority ? "priority" : "teaching")
        return parts.map(sanitised).joined(separator: "_") + ".pdf"
    }

    /// Keeps ASCII letters and digits, turns everything else into `-`.
    static func sanitised(_ part: String) -> String {
        String(
            String.UnicodeScalarView(
                part.unicodeScalars.map { scalar in
                    scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) ? scalar : "-"
                }
            )
        )
    }
}
