import NIOCore

/// Reads one request head from a connection and plays the reply its route gives.
final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let server: ScriptedServer
    private var received = ByteBuffer()
    private var answered = false
    private var trickle: RepeatedTask?

    init(server: ScriptedServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        received.writeBuffer(&chunk)
        let text = String(buffer: received)
        guard !answered, let end = text.range(of: "\r\n\r\n") else { return }
        answered = true
        guard let port = context.channel.localAddress?.port, let request = RecordedRequest(head: String(text[..<end.lowerBound]), port: port) else {
            context.close(promise: nil)
            return
        }
        server.record(request)
        play(server.script.reply(request), on: context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        trickle?.cancel()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func play(_ reply: Reply, on channel: any Channel) {
        switch reply {
        case .raw(let head, let body):
            var buffer = channel.allocator.buffer(string: head)
            buffer.writeBytes(body)
            channel.writeAndFlush(buffer).whenComplete { _ in channel.close(promise: nil) }
        case .trickle(let head, let chunk, let interval):
            channel.writeAndFlush(channel.allocator.buffer(string: head), promise: nil)
            trickle = channel.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
                channel.writeAndFlush(channel.allocator.buffer(bytes: chunk), promise: nil)
            }
        }
    }
}
