public import Foundation
public import SQLKit
public import ScriptDeskCore

/// Reading typed columns of the store's rows, for the store and the queue.
extension SQLRow {
    package func string(_ column: String) throws -> String {
        try decode(column: column, as: String.self)
    }

    package func optionalString(_ column: String) throws -> String? {
        try decode(column: column, as: String?.self)
    }

    package func int(_ column: String) throws -> Int {
        try decode(column: column, as: Int.self)
    }

    package func optionalInt(_ column: String) throws -> Int? {
        try decode(column: column, as: Int?.self)
    }

    package func bool(_ column: String) throws -> Bool {
        try int(column) != 0
    }

    package func date(_ column: String) throws -> Date {
        try SQLTime.date(string(column))
    }

    package func optionalDate(_ column: String) throws -> Date? {
        try optionalString(column).map(SQLTime.date)
    }

    package func value<T: RawRepresentable>(_ column: String, as type: T.Type) throws -> T where T.RawValue == String {
        let text = try string(column)
        guard let value = T(rawValue: text) else { throw StoreError.corruptValue(column: column, value: text) }
        return value
    }

    package func centre(_ column: String = "centre_number") throws -> CentreNumber {
        let text = try string(column)
        guard let value = CentreNumber(text) else { throw StoreError.corruptValue(column: column, value: text) }
        return value
    }

    package func candidate(_ column: String = "candidate_number") throws -> CandidateNumber {
        let text = try string(column)
        guard let value = CandidateNumber(text) else { throw StoreError.corruptValue(column: column, value: text) }
        return value
    }

    package func optionalCandidate(_ column: String = "candidate_number") throws -> CandidateNumber? {
        try decodeNil(column: column) ? nil : candidate(column)
    }
}

/// A row's columns that carry a prefix, read without it: one table's columns beside another's
/// in a join (`l.id AS link_id`).
struct PrefixedRow: SQLRow {
    let row: any SQLRow
    let prefix: String

    var allColumns: [String] {
        row.allColumns.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    func contains(column: String) -> Bool {
        row.contains(column: prefix + column)
    }

    func decodeNil(column: String) throws -> Bool {
        try row.decodeNil(column: prefix + column)
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        try row.decode(column: prefix + column, as: type)
    }
}
