import HTTPTypes
import Hummingbird

/// Says on every page's response how long the server spent making it, as a
/// `Server-Timing: app;dur=12.345` header (milliseconds): from the request reaching the
/// pages, session lookup included, to the rendered page, whose body is already in memory.
/// Browsers show it in their developer tools; `scripts/bench web` reads it. It names no
/// query and no data, so it tells a visitor nothing but the time.
struct ServerTiming<Context: RequestContext>: RouterMiddleware {
    let clock = ContinuousClock()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = clock.now
        var response = try await next(request, context)
        let elapsed = started.duration(to: clock.now)
        response.headers[.serverTiming] = "app;dur=\(Self.milliseconds(elapsed))"
        return response
    }

    /// `elapsed` in milliseconds with three decimals, written without Foundation.
    static func milliseconds(_ elapsed: Duration) -> String {
        let (seconds, attoseconds) = elapsed.components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

extension HTTPField.Name {
    /// `Server-Timing`: the server's own time for the response (W3C Server Timing).
    static let serverTiming = HTTPField.Name("Server-Timing")!
}
