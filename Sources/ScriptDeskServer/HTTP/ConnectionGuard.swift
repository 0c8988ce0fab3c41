import HTTPTypes
import Metrics
import NIOCore
import NIOHTTPTypes
import ScriptDeskApp

/// Keeps one HTTP connection within its limits: admitted only while the process and the
/// client's address are under their caps, closed when its first request head is not
/// complete within the head timeout of its opening, or its next one within the idle
/// timeout of the last response's end. Sits after the HTTP codec, on the connection's
/// event loop, so it sees request heads and response ends; a head that never completes
/// never reaches it, which is the point.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let settings: ConnectionSettings
    private let counts: ConnectionCounts
    private var address: String?
    private var started = false
    /// Requests whose head has arrived and whose response has not ended (more than one when pipelined).
    private var inProgress = 0
    private var deadline: Scheduled<Void>?

    private static let timedOut = Counter(label: "scriptdesk_http_connections_timed_out_total")

    init(settings: ConnectionSettings, counts: ConnectionCounts) {
        self.settings = settings
        self.counts = counts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        if let address { counts.release(address) }
        address = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            inProgress += 1
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            inProgress = max(0, inProgress - 1)
            if inProgress == 0 { closeUnlessAHeadArrives(within: settings.idleTimeout, context) }
        }
        context.write(data, promise: promise)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        if let refusal = counts.admit(address) {
            Counter(label: "scriptdesk_http_connections_refused_total", dimensions: [("reason", refusal.rawValue)]).increment()
            context.close(promise: nil)
            return
        }
        self.address = address
        closeUnlessAHeadArrives(within: settings.headTimeout, context)
    }

    private func closeUnlessAHeadArrives(within timeout: Duration, _ context: ChannelHandlerContext) {
        deadline?.cancel()
        let loop = context.eventLoop.assumeIsolatedUnsafeUnchecked()
        deadline = loop.scheduleTask(in: TimeAmount(timeout)) {
            guard self.inProgress == 0 else { return }
            Self.timedOut.increment()
            context.close(promise: nil)
        }
    }
}
