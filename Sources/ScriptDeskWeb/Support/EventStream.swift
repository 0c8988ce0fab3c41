import HTTPTypes
import Hummingbird

/// Server-sent events, as the live pages stream them.
enum EventStream {
    /// A response that streams `body` as `text/event-stream`: never cached, and never
    /// buffered by a proxy that honours `X-Accel-Buffering` (nginx), so each event arrives
    /// when it is written.
    static func response(_ body: ResponseBody) -> Response {
        Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store", .accelBuffering: "no"], body: body)
    }
}

extension HTTPField.Name {
    /// `X-Accel-Buffering`: whether nginx may buffer the response.
    static let accelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
