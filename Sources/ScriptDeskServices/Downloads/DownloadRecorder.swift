public import Foundation
public import ScriptDeskCore
public import ScriptDeskStore
import Synchronization

/// The one place a download is recorded: every download of a copy or of a bundle (link,
/// client address, bytes delivered, status, time), and the first whole or partial download
/// of each copy moving its request to downloaded, on its timeline; the bytes reserved for a
/// download and not sent go back to its link's allowance here. Refused attempts are counted
/// per link or bundle, address, refusal and minute (`RefusalTally`), not written a row each.
/// Records are written as a group, so a busy download route pays one commit for many, and
/// the refusals in a group that share a tally cost one row between them. Each group is
/// committed before the downloads in it are answered as recorded (a crash of the process
/// loses none); on SQLite a group is flushed to disk with its commit only when none has been
/// for a second, and records left unflushed are flushed a second later, so a power cut may
/// lose the last second of records, and a busy route does not wait on the disk per group.
public final class DownloadRecorder: Sendable {
    /// One download or refused attempt.
    public enum Record: Sendable {
        /// Refused attempts, counted into their tally's row.
        case refused(RefusalTally)
        /// Through a copy's link; `first` when it is the first download of the copy to
        /// deliver a byte (which moves the request to downloaded); `released` is the bytes
        /// reserved for it through its link that were not sent, given back to the allowance.
        case copy(DownloadLinks.Download, first: Bool, released: Int64 = 0)
        /// Of a bundle, answered with `status`; `delivered` names the requests whose copies
        /// went out whole in it, and `released` gives back the bytes reserved against its
        /// copies' links and not sent.
        case bundle(
            id: String,
            clientAddress: String,
            bytes: Int64,
            status: Int,
            at: Date,
            delivered: [String],
            released: [(linkID: String, bytes: Int64)] = []
        )
    }

    private let commits: GroupCommit<Record>
    /// How long records may wait for a flush to disk on SQLite.
    static let flushInterval = Duration.seconds(1)

    /// A recorder writing to `database`, one transaction per group of records.
    public init(database: Database) {
        let links = DownloadLinks()
        let bundles = DownloadBundles()
        let requests = ScriptRequests()
        let refusals = RefusalTallies()
        let flushes = FlushSchedule(database: database)
        commits = GroupCommit { records in
            let flushed = flushes.flushesNow()
            defer { if !flushed { flushes.flushLater() } }
            try await database.transaction(flushed: flushed) { db in
                try await links.record(records.compactMap { if case .copy(let download, _, _) = $0 { download } else { nil } }, on: db)
                try await refusals.record(records.compactMap { if case .refused(let tally) = $0 { tally } else { nil } }, on: db)
                for record in records {
                    switch record {
                    case .refused: continue
                    case .copy(let download, let first, let released):
                        try await links.release(released, through: download.linkID, on: db)
                        guard first else { continue }
                        let event = RequestEvent(at: download.at, status: .downloaded, detail: "Downloaded from \(download.clientAddress)")
                        try await requests.record(event, for: download.requestID, from: [.ready], on: db)
                    case .bundle(let id, let address, let bytes, let status, let at, let delivered, let released):
                        try await bundles.recordDownload(of: id, clientAddress: address, bytes: bytes, status: status, at: at, on: db)
                        for release in released { try await links.release(release.bytes, through: release.linkID, on: db) }
                        for requestID in delivered {
                            let event = RequestEvent(at: at, status: .downloaded, detail: "Downloaded in bundle \(id) from \(address)")
                            try await requests.record(event, for: requestID, from: [.ready], on: db)
                        }
                    }
                }
            }
        }
    }

    /// When groups were last flushed to disk, and a flush a second after an unflushed one.
    private final class FlushSchedule: Sendable {
        private struct State {
            var last = ContinuousClock.now
            var scheduled = false
        }

        private let database: Database
        private let state = Mutex(State())

        init(database: Database) { self.database = database }

        /// Whether a group committed now is flushed with its commit: when none has been for
        /// a second, and always on PostgreSQL, which flushes every commit.
        func flushesNow() -> Bool {
            if case .postgres = database.location { return true }
            let now = ContinuousClock.now
            return state.withLock { state in
                guard now - state.last >= DownloadRecorder.flushInterval else { return false }
                state.last = now
                return true
            }
        }

        /// Flushes what is committed a second from now, unless a flush is already on its way.
        func flushLater() {
            let first = state.withLock { state in
                defer { state.scheduled = true }
                return !state.scheduled
            }
            guard first else { return }
            Task {
                try? await Task.sleep(for: DownloadRecorder.flushInterval)
                state.withLock { state in
                    state.scheduled = false
                    state.last = .now
                }
                try? await database.flushCommits()
            }
        }
    }

    /// Records `record`; returns once it is stored.
    public func record(_ record: Record) async throws {
        try await commits.submit(record)
    }
}
