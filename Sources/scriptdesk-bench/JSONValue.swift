import Foundation

/// A JSON value written with sorted keys, so the output is stable.
enum JSONValue {
    case string(String)
    case number(Double)
    case object([String: JSONValue])

    var text: String {
        switch self {
        case .string(let value):
            let data = (try? JSONEncoder().encode(value)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        case .number(let value):
            guard value.isFinite else { return "null" }
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .object(let members):
            return "{" + members.keys.sorted().map { JSONValue.string($0).text + ": " + members[$0]!.text }.joined(separator: ", ") + "}"
        }
    }
}
