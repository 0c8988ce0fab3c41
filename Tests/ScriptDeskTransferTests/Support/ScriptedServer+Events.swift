extension ScriptedServer {
    /// Waits for the next event that `match` accepts, `timeout` at most; nil if none came by
    /// then. Events read while waiting are used up, so calls see them in order, each once.
    func next(within timeout: Duration, where match: @escaping @Sendable (ServerEvent) -> Bool) async throws -> ServerEvent? {
        let events = self.events
        return try await withThrowingTaskGroup(of: ServerEvent?.self) { group in
            group.addTask {
                // Ends with nil when the time limit cancels it.
                for await event in events where match(event) { return event }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
