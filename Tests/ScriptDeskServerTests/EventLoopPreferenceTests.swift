import NIOCore
import NIOPosix
import Testing

@testable import ScriptDeskServer

/// A request's task that prefers its connection's event loop stays on the loop's thread:
/// through nonisolated async calls, suspensions and child tasks.
@Suite struct EventLoopPreferenceTests {
    /// A nonisolated async function, which without the preference would run on the generic
    /// executor.
    static func onLoop(_ loop: any EventLoop) async -> Bool {
        loop.inEventLoop
    }

    @Test func aTaskPreferringAnEventLoopRunsOnItsThread() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        #expect(!loop.inEventLoop)
        try await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) {
            #expect(loop.inEventLoop)
            #expect(await Self.onLoop(loop))
            try await Task.sleep(for: .milliseconds(5))
            #expect(loop.inEventLoop)
            // Resumed from another thread: back on the loop.
            try await MultiThreadedEventLoopGroup.singleton.next().submit {}.get()
            #expect(loop.inEventLoop)
            async let child = Self.onLoop(loop)
            #expect(await child)
        }
    }
}
