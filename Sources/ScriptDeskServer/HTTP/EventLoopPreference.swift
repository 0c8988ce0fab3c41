import Hummingbird
import NIOCore

/// Keeps a request's handling, from the first middleware to the route's answer, on its
/// connection's event loop, as the preferred executor of the request's task.
///
/// `scriptdesk` runs every task on NIO's event loops, and NIO runs each as isolated to its
/// loop; a nonisolated async function called from there must run on the generic executor, so
/// each such call left the loop's queue and came back to it: about a hundred hops to serve
/// one download. With the loop as the task's preferred executor, such calls run where they
/// are, and the hops fall to about sixty, most of them Hummingbird's own before and after the
/// handler. Where the request's task is not on its connection's loop (Swift's own pool, as
/// in the tests), the request is handled as it is.
struct EventLoopPreferenceMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let loop = context.channel.eventLoop
        guard loop.inEventLoop else { return try await next(request, context) }
        return try await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) {
            try await next(request, context)
        }
    }
}

/// An event loop as a task executor: each job given to it runs on the loop's thread.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
