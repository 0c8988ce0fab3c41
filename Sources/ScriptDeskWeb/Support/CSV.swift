import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Comma-separated values as RFC 4180 writes them: fields quoted when they hold a comma,
/// quote or line break, quotes doubled; lines ended by CRLF (LF alone is read too).
enum CSV {
    /// The rows of `text`, each a list of fields; blank lines are skipped. A byte-order mark
    /// (as spreadsheet programs write) is ignored.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        func endRow() {
            row.append(field)
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
            row = []
            field = ""
        }
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count, characters[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else {
                switch character {
                case "\"" where field.isEmpty: quoted = true
                case ",":
                    row.append(field)
                    field = ""
                case "\r\n", "\n", "\r": endRow()
                default: field.append(character)
                }
            }
            index += 1
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return rows
    }

    /// `rows` as a CSV file to download, named `fileName`.
    static func download(_ rows: [[String]], fileName: String) -> Response {
        Response(status: .ok, headers: headers(fileName: fileName), body: .init(byteBuffer: ByteBuffer(string: encode(rows))))
    }

    /// The headers of a CSV file to download, named `fileName`, never cached.
    static func headers(fileName: String) -> HTTPFields {
        [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(fileName)\"", .cacheControl: "no-store"]
    }

    /// `rows` as CSV text. A field that a spreadsheet would take for a formula (starting with
    /// `=`, `+`, `-`, `@`) is prefixed with a quote mark, so opening an export runs nothing.
    static func encode(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { field in
                let safe = field.first.map { "=+-@\t\r".contains($0) } == true ? "'" + field : field
                guard safe.contains(where: { ",\"\r\n".contains($0) }) else { return safe }
                return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }
}
