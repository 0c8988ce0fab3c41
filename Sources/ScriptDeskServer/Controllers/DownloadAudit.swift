import Foundation
import ScriptDeskCore
import ScriptDeskStore

/// The record of every download and refused attempt: link, request, client address, bytes
/// delivered, status and time, on the request's timeline too. Records are written as a
/// group, so a busy download route pays one commit for many downloads.
struct DownloadAudit: Sendable {
    /// One download, and whether it was the copy's first (which moves the request to
    /// downloaded, on its timeline).
    struct Entry: Sendable {
        var download: DownloadLinks.Download
        var isFirst: Bool
    }

    private let commits: GroupCommit<Entry>

    init(database: Database) {
        let links = DownloadLinks()
        let requests = ScriptRequests()
        commits = GroupCommit(database: database) { entries, db in
            try await links.record(entries.map(\.download), on: db)
            for entry in entries where entry.isFirst {
                let download = entry.download
                let event = RequestEvent(at: download.at, status: .downloaded, detail: "Downloaded from \(download.clientAddress)")
                try await requests.record(event, for: download.requestID, from: [.ready], on: db)
            }
        }
    }

    /// Records one download; returns once it is stored.
    func record(_ download: DownloadLinks.Download, isFirst: Bool) async throws {
        try await commits.submit(Entry(download: download, isFirst: isFirst))
    }
}
