import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

/// Downloads are recorded after their responses, in groups: in the order they were handed
/// over, none lost when the process stops, and one the store refuses logged whole without
/// taking the rest of its group with it.
@Suite struct DownloadRecordTests {
    /// A download of `bytes` through `linkID` from `address`, as the recorder takes it.
    static func download(_ ready: ReadyDownload, linkID: String? = nil, bytes: Int64, from address: String, at: Date) -> DownloadRecorder.Record {
        let download = DownloadLinks.Download(
            linkID: linkID ?? ready.linkID,
            requestID: ready.requestID,
            clientAddress: address,
            bytes: bytes,
            status: 200,
            at: at
        )
        return .copy(download, first: false)
    }

    /// The audit of `ready`'s request from `address`, oldest first: each download's bytes, or
    /// "refused" for a refusals' entry.
    static func audit(of ready: ReadyDownload, from address: String, _ environment: TestEnvironment) async throws -> [String] {
        try await environment.runtime.database.read { db in
            try await DownloadLinks().downloads(ofRequest: ready.requestID, limit: 100, on: db)
                .filter { $0.clientAddress == address }
                .map { $0.refused == nil ? "\($0.bytes)" : "refused" }
        }
    }

    @Test(arguments: DatabaseKind.allCases)
    func aRecordTheStoreRefusesIsLoggedWholeAndTheOthersAreWritten(kind: DatabaseKind) async throws {
        try await TestEnvironment.with(database: kind, workers: 1) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let log = CapturedLog()
                let recorder = DownloadRecorder(database: environment.runtime.database, logger: log.logger())
                let now = environment.clock.now
                try await recorder.record(Self.download(ready, bytes: 1, from: "192.0.2.9", at: now))
                try await recorder.record(Self.download(ready, linkID: "no-such-link", bytes: 2, from: "192.0.2.9", at: now))
                try await recorder.record(Self.download(ready, bytes: 3, from: "192.0.2.9", at: now))
                await recorder.written()

                #expect(try await Self.audit(of: ready, from: "192.0.2.9", environment) == ["1", "3"])
                let lost = log.logged.filter { $0.level == .error }
                #expect(lost.map(\.message) == ["Download record lost"])
                #expect(lost.first?.metadata["scriptdesk.link.id"] == "no-such-link")
                #expect(lost.first?.metadata["scriptdesk.request.id"] == ready.requestID)
                #expect(lost.first?.metadata["scriptdesk.bytes"] == "2")
                #expect(lost.first?.metadata["scriptdesk.client"] == "192.0.2.9")
                #expect(log.logged.filter { $0.level == .warning }.count == 3, "three more attempts before one record at a time")
            }
        }
    }

    @Test func recordsAreWrittenInTheOrderTheyWereHandedOver() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let recorder = DownloadRecorder(database: environment.runtime.database, logger: CapturedLog().logger())
                let now = environment.clock.now
                let link = RefusalTally.Subject.link(id: ready.linkID, requestID: ready.requestID)
                // Two refusals of different kinds: each its own entry.
                let forged = RefusalTally(.badSignature, on: link, from: "192.0.2.9", at: now)
                let retired = RefusalTally(.retiredKey, on: link, from: "192.0.2.9", at: now)
                // The first is written at once; the others wait for the spacing, together.
                try await recorder.record(Self.download(ready, bytes: 1, from: "192.0.2.9", at: now))
                try await recorder.record(.refused(forged))
                try await recorder.record(Self.download(ready, bytes: 3, from: "192.0.2.9", at: now))
                try await recorder.record(.refused(retired))
                await recorder.written()
                #expect(try await Self.audit(of: ready, from: "192.0.2.9", environment) == ["1", "refused", "3", "refused"])
            }
        }
    }

    @Test func recordsHandedOverBeforeTheRuntimeClosesAreWrittenFirst() async throws {
        try await TestEnvironment.with(workers: 1) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                // A second process on the same storage downloads twice and stops at once.
                try await Runtime.withRunning(environment.runtime.settings, logger: Logger(label: "second")) { runtime in
                    for bytes: Int64 in [5, 6] {
                        let ticket = try await runtime.downloads.openCopy(token: ready.token, from: "192.0.2.10")
                        try await runtime.downloads.record(ticket, bytes: bytes, status: 200)
                    }
                }
                #expect(try await Self.audit(of: ready, from: "192.0.2.10", environment) == ["5", "6"])
            }
        }
    }
}
