import Foundation
import SQLKit
import Synchronization

/// Writes items as a group: while one transaction commits, the items that arrive gather,
/// and the next transaction writes them all. Each caller resumes once its own item has
/// committed (or the transaction that held it failed), so nothing is acknowledged before it
/// is durable, and a busy server pays one commit for hundreds of items.
public final class GroupCommit<Item: Sendable>: Sendable {
    private struct State {
        var pending: [(item: Item, done: CheckedContinuation<Void, any Error>)] = []
        var writing = false
    }

    private let database: Database
    private let write: @Sendable ([Item], any SQLDatabase) async throws -> Void
    private let state = Mutex(State())

    /// `write` stores a batch inside the transaction it is given.
    public init(database: Database, write: @escaping @Sendable ([Item], any SQLDatabase) async throws -> Void) {
        self.database = database
        self.write = write
    }

    /// Stores `item` with whatever else is waiting; returns once it has committed.
    public func submit(_ item: Item) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let leads = state.withLock { state in
                state.pending.append((item, done))
                defer { state.writing = true }
                return !state.writing
            }
            // The first caller into an idle group writes until nothing is left waiting.
            if leads { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state in
                defer { state.pending.removeAll(keepingCapacity: true) }
                if state.pending.isEmpty { state.writing = false }
                return state.pending
            }
            guard !batch.isEmpty else { return }
            do {
                try await database.transaction { db in try await write(batch.map(\.item), db) }
                for entry in batch { entry.done.resume() }
            } catch {
                for entry in batch { entry.done.resume(throwing: error) }
            }
        }
    }
}
