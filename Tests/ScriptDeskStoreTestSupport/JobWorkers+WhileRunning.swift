public import ScriptDeskQueue
import ServiceLifecycle

extension JobWorkers {
    /// Runs the workers while `body` runs, then shuts them down gracefully (running jobs
    /// finish and record their outcome) and waits for them to stop.
    public func whileRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: .init(services: [self], logger: QueueHarness.logger))
        let running = Task { try await group.run() }
        let value: T
        do {
            value = try await body()
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
        await group.triggerGracefulShutdown()
        try await running.value
        return value
    }
}
