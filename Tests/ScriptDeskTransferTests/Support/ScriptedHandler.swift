import Foundation
import NIOCore

/// Reads one request head from a connection and plays the reply its route gives.
final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let server: ScriptedServer
    private var received = ByteBuffer()
    private var answered = false
    private var trickle: RepeatedTask?
    /// Body bytes a trickled reply has written on this connection.
    private var trickled: NIOLoopBoundBox<Int>?

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

    func channelActive(context: ChannelHandlerContext) {
        server.report(.connected)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        trickle?.cancel()
        server.report(.closed(bodyBytes: trickled?.value ?? 0))
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
        case .trickle(let head, let chunk, let interval, let limit):
            channel.writeAndFlush(channel.allocator.buffer(string: head), promise: nil)
            let trickled = NIOLoopBoundBox(0, eventLoop: channel.eventLoop)
            self.trickled = trickled
            let server = self.server
            trickle = channel.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { task in
                let piece = chunk.prefix(limit.map { $0 - trickled.value } ?? chunk.count)
                trickled.value += piece.count
                let done = limit.map { trickled.value >= $0 } ?? false
                if done { task.cancel() }
                channel.writeAndFlush(channel.allocator.buffer(bytes: piece)).whenComplete { _ in
                    if done { channel.close(promise: nil) }
                }
                server.report(.sent(bodyBytes: trickled.value))
            }
        }
    }
}
