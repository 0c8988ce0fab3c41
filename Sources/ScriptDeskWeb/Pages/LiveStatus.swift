import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ScriptDeskCore
import ScriptDeskServices

/// `GET /requests/live?ids=…`: server-sent events that carry each change of status of the
/// listed requests (those the caller may see) while a page is open, so tags change without
/// reloading. Each stream lasts a few minutes and the browser opens the next; once none of
/// the requests has work ahead of it, the stream ends and asks the browser not to come back
/// for an hour. Without JavaScript the pages offer a refresh instead.
struct LiveStatus<Context: PortalRequestContext> {
    let tracking: RequestTracking

    /// How long one stream lasts before the browser reconnects.
    static var streamLifetime: Duration { .seconds(300) }
    /// The longest silence on a stream: a comment keeps proxies from closing it.
    static var heartbeat: Duration { .seconds(15) }

    func addRoutes(to pages: RouterGroup<Context>) {
        pages.get("requests/live", use: stream)
    }

    private struct Change: Encodable {
        var id: String
        var status: String
        var label: String
        var tag: String
    }

    @Sendable func stream(_ request: Request, context: Context) async throws -> Response {
        let session = try Portal<Context>.requireSession(context)
        let caller = session.signedIn.caller
        let ids = (request.uri.queryParameters["ids"].map(String.init) ?? "").split(separator: ",").map(String.init)
        let tracking = tracking
        let body = ResponseBody { writer in
            let end = ContinuousClock.now + Self.streamLifetime
            var known: [String: ScriptRequestStatus] = [:]
            var first = true
            while ContinuousClock.now < end {
                let current = try await tracking.statuses(of: ids, for: caller, differingFrom: known, waitingUpTo: first ? .zero : Self.heartbeat)
                var text = ": still watching\n\n"
                for (id, status) in current.sorted(by: { $0.key < $1.key }) where known[id] != status {
                    let change = Change(id: id, status: status.rawValue, label: StatusTag.label(status), tag: StatusTag.style(status))
                    text += "data: \(String(decoding: try JSONEncoder().encode(change), as: UTF8.self))\n\n"
                }
                let settled = current.values.allSatisfy { !$0.isLive }
                if settled { text += "retry: 3600000\n\n" }
                try await writer.write(ByteBuffer(string: text))
                known = current
                first = false
                if settled { break }
            }
            try await writer.finish(nil)
        }
        return EventStream.response(body)
    }
}
