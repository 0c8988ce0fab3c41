import Foundation

/// Numbered pages under a table, as GOV.UK's pagination component: previous, the numbers
/// near the current one, next; each a link carrying the table's filters.
struct Pagination {
    struct Item {
        var number: Int
        var href: String
        var current: Bool
    }

    var previous: String?
    var next: String?
    var items: [Item]
    var summary: String
    var several: Bool

    init(path: String, query: [String: String], page: Int, pageSize: Int, total: Int) {
        let last = max(1, (total + pageSize - 1) / pageSize)
        func href(_ number: Int) -> String {
            var parts = query
            if number > 1 { parts["page"] = String(number) }
            let encoded = parts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            return encoded.isEmpty ? path : "\(path)?\(encoded)"
        }
        let window = Set([1, last] + Array(max(1, page - 2)...min(last, page + 2)))
        items = window.sorted().map { Item(number: $0, href: href($0), current: $0 == page) }
        previous = page > 1 ? href(page - 1) : nil
        next = page < last ? href(page + 1) : nil
        let first = total == 0 ? 0 : (page - 1) * pageSize + 1
        summary = "Showing \(first) to \(min(total, page * pageSize)) of \(total)"
        several = last > 1
    }
}
