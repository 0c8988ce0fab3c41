public import Foundation
public import Logging
public import ScriptDeskCore
public import ScriptDeskStore
import Synchronization

/// The one place a download is recorded: every download of a copy or of a bundle (link,
/// client address, bytes delivered, status, time), and the first whole or partial download
/// of each copy moving its request to downloaded, on its timeline; the bytes reserved for a
/// download and not sent go back to its link's allowance here. Refused attempts are counted
/// per link or bundle, address, refusal and minute (`RefusalTally`), not written a row each.
///
/// A record is handed over once its download has ended (its last byte is with the kernel,
/// so the client has it whatever happens next) and is written with the next group: groups
/// start at least `spacing` apart, so a busy download route pays one commit for dozens of
/// downloads and its connections go on to their next request without waiting for one. An
/// idle route's record is written at once. So a reader may see a download a few
/// milliseconds after its client did; `written()` waits for everything handed over, and
/// the process writes what is waiting before it stops. A group that cannot be written is
/// tried again a few times, then record by record; a record that still cannot be written
/// is logged whole at error level, so none disappears without a trace. Beyond
/// `backlogLimit` records waiting, handing one over waits for its write. On SQLite a group
/// is flushed to disk with its commit only when none has been for a second, and records
/// left unflushed are flushed a second later, so a power cut may lose the last second of
/// records.
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
    /// The least time between the starts of two groups' writes.
    static let spacing = Duration.milliseconds(5)
    /// How many records may wait for a write before handing one over waits for it.
    static let backlogLimit = 4_096
    /// How long to wait before each further attempt at a group that could not be written.
    static let retryDelays: [Duration] = [.milliseconds(50), .milliseconds(200), .seconds(1)]

    /// A recorder writing to `database`, one transaction per group of records; records that
    /// cannot be written are logged to `logger`.
    public init(database: Database, logger: Logger) {
        let write = Self.writer(to: database)
        commits = GroupCommit(spacing: Self.spacing) { records in
            var failure: any Error
            var attempt = 0
            repeat {
                do {
                    return try await write(records)
                } catch {
                    failure = error
                }
                guard attempt < Self.retryDelays.count else { break }
                logger.warning(
                    "Download records not written; trying again",
                    metadata: ["scriptdesk.records": "\(records.count)", "scriptdesk.error": "\(failure)"]
                )
                try? await Task.sleep(for: Self.retryDelays[attempt])
                attempt += 1
            } while true
            // One record the store refuses must not take the others in its group with it.
            var lost = 0
            for record in records {
                do {
                    try await write([record])
                } catch {
                    logger.error("Download record lost", metadata: record.metadata.merging(["scriptdesk.error": "\(error)"]) { $1 })
                    lost += 1
                }
            }
            if lost > 0 { throw failure }
        }
    }

    /// Writes one group of records in one transaction.
    private static func writer(to database: Database) -> @Sendable ([Record]) async throws -> Void {
        let links = DownloadLinks()
        let bundles = DownloadBundles()
        let requests = ScriptRequests()
        let refusals = RefusalTallies()
        let flushes = FlushSchedule(database: database)
        return { records in
            let flushed = flushes.flushesNow()
            defer { if !flushed { flushes.flushLater() } }
            try await database.transaction(flushed: flushed) { db in
                // In the order handed over (the audit lists rows in the order they were
                // written), each run of downloads or of refusals in one statement.
                var rest = records[...]
                while let record = rest.first {
                    switch record {
                    case .copy:
                        let run = rest.prefix { if case .copy = $0 { true } else { false } }
                        rest = rest.dropFirst(run.count)
                        try await links.record(run.compactMap { if case .copy(let download, _, _) = $0 { download } else { nil } }, on: db)
                        for case .copy(let download, let first, let released) in run {
                            try await links.release(released, through: download.linkID, on: db)
                            guard first else { continue }
                            let event = RequestEvent(at: download.at, status: .downloaded, detail: "Downloaded from \(download.clientAddress)")
                            try await requests.record(event, for: download.requestID, from: [.ready], on: db)
                        }
                    case .refused:
                        let run = rest.prefix { if case .refused = $0 { true } else { false } }
                        rest = rest.dropFirst(run.count)
                        try await refusals.record(run.compactMap { if case .refused(let tally) = $0 { tally } else { nil } }, on: db)
                    case .bundle(let id, let address, let bytes, let status, let at, let delivered, let released):
                        rest = rest.dropFirst()
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

    /// Hands `record` over to be written with the next group; returns at once, unless
    /// `backlogLimit` records are already waiting, when it returns once `record` is written
    /// (or throws why it could not be).
    public func record(_ record: Record) async throws {
        guard commits.backlog >= Self.backlogLimit else { return commits.submitWithoutWaiting(record) }
        try await commits.submit(record)
    }

    /// Returns once every record handed over so far has been written, or logged as lost.
    public func written() async {
        await commits.flush()
    }
}

extension DownloadRecorder.Record {
    /// Everything the record holds, for the log of a record that could not be written.
    var metadata: Logger.Metadata {
        switch self {
        case .refused(let tally):
            let subject: String
            switch tally.key.subject {
            case .link(let id, _): subject = "link \(id)"
            case .bundle(let id): subject = "bundle \(id)"
            }
            return [
                "scriptdesk.record": "refused", "scriptdesk.subject": "\(subject)", "scriptdesk.refusal": "\(tally.key.code)",
                "scriptdesk.client": "\(tally.key.clientAddress)", "scriptdesk.count": "\(tally.count)",
                "scriptdesk.at": "\(UTCTimestamp.text(tally.lastAt, milliseconds: true))",
            ]
        case .copy(let download, let first, let released):
            return [
                "scriptdesk.record": "download", "scriptdesk.link.id": "\(download.linkID)", "scriptdesk.request.id": "\(download.requestID)",
                "scriptdesk.client": "\(download.clientAddress)", "scriptdesk.bytes": "\(download.bytes)", "scriptdesk.status": "\(download.status)",
                "scriptdesk.at": "\(UTCTimestamp.text(download.at, milliseconds: true))", "scriptdesk.first": "\(first)",
                "scriptdesk.released": "\(released)",
            ]
        case .bundle(let id, let clientAddress, let bytes, let status, let at, let delivered, let released):
            return [
                "scriptdesk.record": "bundle download", "scriptdesk.bundle.id": "\(id)", "scriptdesk.client": "\(clientAddress)",
                "scriptdesk.bytes": "\(bytes)", "scriptdesk.status": "\(status)", "scriptdesk.at": "\(UTCTimestamp.text(at, milliseconds: true))",
                "scriptdesk.delivered": "\(delivered.joined(separator: ","))",
                "scriptdesk.released": "\(released.map { "\($0.linkID):\($0.bytes)" }.joined(separator: ","))",
            ]
        }
    }
}
