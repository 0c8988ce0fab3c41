import ScriptDeskCore

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
        return PercentEncoding.encode(value)
    }
}
