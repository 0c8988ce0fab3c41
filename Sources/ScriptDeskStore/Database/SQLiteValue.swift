import Foundation
@_spi(CodableUtilities) import SQLKit

/// A value as SQLite stores it, and the conversions between it and Swift's `Codable` values:
/// integers, reals and text read across each other's forms where SQLite's own would, `Bool` as
/// 0 or 1, `Data` as a blob, a `Date` as seconds since 1970, values that encode as one value
/// (raw-value enums, `UUID`) as that value, and anything larger as JSON text.
enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null

    // MARK: Encoding

    /// The stored form of `value`.
    static func encoding(_ value: any Encodable) throws -> SQLiteValue {
        switch value {
        case let text as String: return .text(text)
        case let flag as Bool: return .integer(flag ? 1 : 0)
        case let integer as any FixedWidthInteger:
            guard let stored = Int64(exactly: integer) else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(integer) does not fit a 64-bit integer"))
            }
            return .integer(stored)
        case let real as Double: return .real(real)
        case let real as Float: return .real(Double(real))
        case let bytes as Data: return .blob([UInt8](bytes))
        case let date as Date: return .real(date.timeIntervalSince1970)
        default:
            let encoder = SingleValueEncoder()
            do {
                try value.encode(to: encoder)
                guard let stored = encoder.value else { throw SQLCodingError.unsupportedOperation("no value", codingPath: []) }
                return stored
            } catch is SQLCodingError {
                return .text(String(decoding: try JSONEncoder().encode(value), as: UTF8.self))
            }
        }
    }

    /// Captures a value that encodes as one value; a keyed or unkeyed one fails, to be JSON.
    private final class SingleValueEncoder: Encoder, SingleValueEncodingContainer {
        var value: SQLiteValue?
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy: Key.Type) -> KeyedEncodingContainer<Key> { .invalid(at: codingPath) }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { .invalid(at: codingPath) }
        func singleValueContainer() -> any SingleValueEncodingContainer { self }
        func encodeNil() throws { value = .null }
        func encode<T: Encodable>(_ value: T) throws { self.value = try SQLiteValue.encoding(value) }
    }

    // MARK: Decoding

    /// The value of type `type` this stored value holds.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if case .null = self, let optional = T.self as? any ExpressibleByNilLiteral.Type {
            return optional.init(nilLiteral: ()) as! T
        }
        if T.self == String.self {
            return try converted(string) as! T
        }
        if let integerType = T.self as? any FixedWidthInteger.Type {
            guard case .integer(let stored) = self, let integer = integerType.init(exactly: stored) else { throw mismatch(T.self) }
            return integer as! T
        }
        if T.self == Bool.self {
            switch integer {
            case 1: return true as! T
            case 0: return false as! T
            default: throw mismatch(T.self)
            }
        }
        if T.self == Double.self { return try converted(double) as! T }
        if T.self == Float.self { return Float(try converted(double)) as! T }
        if T.self == Data.self {
            guard case .blob(let bytes) = self else { throw mismatch(T.self) }
            return Data(bytes) as! T
        }
        if T.self == Date.self {
            switch self {
            case .integer(let seconds): return Date(timeIntervalSince1970: TimeInterval(seconds)) as! T
            case .real(let seconds): return Date(timeIntervalSince1970: seconds) as! T
            default: throw mismatch(T.self)
            }
        }
        do {
            return try T(from: SingleValueDecoder(value: self))
        } catch is NotSingleValue {
            let json: Data
            switch self {
            case .text(let text): json = Data(text.utf8)
            case .blob(let bytes): json = Data(bytes)
            default: throw mismatch(T.self)
            }
            return try JSONDecoder().decode(T.self, from: json)
        }

        func converted<V>(_ value: V?) throws -> V {
            guard let value else { throw mismatch(T.self) }
            return value
        }
    }

    private var string: String? {
        switch self {
        case .integer(let integer): String(integer)
        case .real(let real): String(real)
        case .text(let text): text
        case .blob, .null: nil
        }
    }

    private var integer: Int64? {
        switch self {
        case .integer(let integer): integer
        case .real(let real): Int64(exactly: real.rounded(.towardZero))
        case .text(let text): Int64(text)
        case .blob, .null: nil
        }
    }

    private var double: Double? {
        switch self {
        case .integer(let integer): Double(integer)
        case .real(let real): real
        case .text(let text): Double(text)
        case .blob, .null: nil
        }
    }

    private func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: [], debugDescription: "Cannot read \(type) from the stored value \(self)"))
    }

    private struct NotSingleValue: Error {}

    /// Hands a stored value to a type that decodes from one value; keyed and unkeyed
    /// containers are refused, and the value is then read as JSON.
    private struct SingleValueDecoder: Decoder, SingleValueDecodingContainer {
        let value: SQLiteValue
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy: Key.Type) throws -> KeyedDecodingContainer<Key> { throw NotSingleValue() }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw NotSingleValue() }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }
        func decodeNil() -> Bool { value == .null }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try value.decode(type) }
    }
}
