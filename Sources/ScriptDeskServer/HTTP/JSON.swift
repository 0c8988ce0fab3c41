import Foundation
import Hummingbird
import NIOFoundationEssentialsCompat
import ScriptDeskCore
import ScriptDeskStore

/// The one way the API writes JSON: ISO 8601 times in UTC, sorted keys.
enum JSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.string(from: date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(data: data))
        )
    }
}

extension Request {
    /// The body (at most `context.maxUploadSize`) as JSON of `type`; `invalid` is the problem
    /// when it is not.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: AppRequestContext, invalid: @autoclosure () -> APIError) async throws -> T {
        let data = try await body.collect(upTo: context.maxUploadSize)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: data))
        } catch {
            throw invalid()
        }
    }
}

/// `limit` and `offset` query parameters, validated.
struct PageQuery {
    var limit: Int
    var offset: Int

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        limit = try Self.integer(query["limit"].map(String.init), name: "limit", default: 50, range: 1...500)
        offset = try Self.integer(query["offset"].map(String.init), name: "offset", default: 0, range: 0...Int(Int32.max))
    }

    /// The window as the store takes it.
    var page: Page { Page(limit: limit, offset: offset) }

    /// One page of a listing at `path` of `total` items, with a link to the next page that
    /// keeps `filters` (`name=value` parts), when there is one.
    func listing<Item: Encodable>(_ items: [Item], total: Int, path: String, filters: [String?]) -> ListingView<Item> {
        let nextOffset = offset + limit
        let parts = filters.compactMap { $0 } + ["limit=\(limit)", "offset=\(nextOffset)"]
        return ListingView(
            items: items,
            total: total,
            limit: limit,
            offset: offset,
            next: nextOffset < total ? path + "?" + parts.joined(separator: "&") : nil
        )
    }

    private static func integer(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError(
                .badRequest,
                code: "request.invalid",
                message: "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)."
            )
        }
        return number
    }
}
