import Foundation
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskQueue
import ScriptDeskStore
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import ScriptDeskTransfer
import Testing

@testable import ScriptDeskServices

/// Copies kept until their series' script retention end, warned about before, deleted after.
@Suite struct RetentionJobTests {
    static let series = "2026-06"
    static let day: TimeInterval = 86_400

    /// A ready copy for `centre`, made by the pipeline's own handler.
    static func publishedCopy(
        _ environment: TestEnvironment,
        centre: CentreNumber? = nil,
        kind: ScriptCopyKind = .priority
    ) async throws -> ScriptRequest {
        let runtime = environment.runtime
        let centre = centre ?? environment.centre
        let target = try await environment.heldScript(in: [.gce], centre: centre)
        let submission = ScriptRequestSubmission(
            series: series,
            component: target.component.code,
            candidate: target.result.candidate.rawValue,
            kind: kind,
            consent: environment.consent()
        )
        let officer = Caller(id: "eo-\(centre)", role: .examsOfficer, centre: centre)
        let accepted = try await environment.runtime.intake.submit(submission, by: officer)
        let job = try #require(try await runtime.queue.claim(workerID: "test", lease: .seconds(60), now: environment.clock.now))
        try await #require(runtime.handlers[job.kind]).run(job)
        let request = try await ScriptCopyJobTests.request(accepted.request.id, in: environment)
        try #require(request.status == .ready)
        return request
    }

    /// Gives every centre a new exams officer address of its own, so that this test's mail
    /// is told apart from any other's in the shared SMTP sink.
    static func readdressCentres(_ environment: TestEnvironment) async throws -> [CentreNumber: String] {
        try await environment.runtime.database.transaction { db in
            var addresses: [CentreNumber: String] = [:]
            for var centre in try await ReferenceData().centres(on: db) {
                centre.examsOfficerEmail = "exams-\(UUID().uuidString.lowercased())@\(centre.number).invalid"
                try await ReferenceData().save(centre, on: db)
                addresses[centre.number] = centre.examsOfficerEmail
            }
            return addresses
        }
    }

    static func retentionEnd(_ environment: TestEnvironment, of code: String = series) async throws -> Date {
        try #require(try await environment.runtime.database.read { try await ReferenceData().series(code, on: $0) }).calendar.scriptRetentionEnd
    }

    /// Moves the test clock to `offset` seconds from the series' retention end.
    static func moveClock(_ environment: TestEnvironment, to offset: TimeInterval, from end: Date) {
        environment.clock.advance(by: end.addingTimeInterval(offset).timeIntervalSince(environment.clock.now))
    }

    static func claimed(_ environment: TestEnvironment) -> ClaimedJob {
        .byHand(kind: RetentionJob.kind, now: environment.clock.now)
    }

    static func sinkMailer() throws -> SMTPMailer {
        try SMTPMailer(relay: SMTPRelay(url: try SMTPSink.url(), security: .none))
    }

    @Test func aWarningGoesOnceToEachCentreWhenTheClockEntersTheWindow() async throws {
        try await TestEnvironment.with { environment in
            let addresses = try await Self.readdressCentres(environment)
            let centres = addresses.keys.sorted { $0.rawValue < $1.rawValue }
            _ = try await Self.publishedCopy(environment, centre: centres[0])
            _ = try await Self.publishedCopy(environment, centre: centres[0], kind: .nonPriority)
            _ = try await Self.publishedCopy(environment, centre: centres[1])
            let job = try environment.runtime.retentionJob(mailer: try Self.sinkMailer())
            let end = try await Self.retentionEnd(environment)

            // Weeks before the window opens: nothing is sent.
            try await job.run(Self.claimed(environment))
            #expect(try SMTPSink.received(to: try #require(addresses[centres[0]])).isEmpty)

            Self.moveClock(environment, to: -14 * Self.day + 60, from: end)
            // Two runs at once, as two worker processes would run them: still one message each.
            async let first: Void = job.run(Self.claimed(environment))
            async let second: Void = job.run(Self.claimed(environment))
            _ = try await (first, second)
            environment.clock.advance(by: Self.day)
            try await job.run(Self.claimed(environment))

            let day = String(ISO8601.string(from: end).prefix(10))
            let toFirst = try SMTPSink.received(to: try #require(addresses[centres[0]]))
            #expect(toFirst.count == 1)
            #expect(toFirst.first?.header("Subject") == "2 script copies from June 2026 will be deleted on \(day)")
            #expect(toFirst.first?.body.contains(ISO8601.string(from: end)) == true)
            #expect(toFirst.first?.mailFrom == "no-reply@scriptdesk.invalid")
            let toSecond = try SMTPSink.received(to: try #require(addresses[centres[1]]))
            #expect(toSecond.count == 1)
            #expect(toSecond.first?.header("Subject") == "1 script copy from June 2026 will be deleted on \(day)")
            let sentAt = try await environment.runtime.database.read {
                try await CopyRetention().warningSentAt(series: Self.series, centre: centres[0], on: $0)
            }
            #expect(sentAt != nil)
        }
    }

    @Test func aRefusedWarningFailsTheRunForGoodAndIsSentOnceTheAddressIsFixed() async throws {
        try await TestEnvironment.with { environment in
            let request = try await Self.publishedCopy(environment)
            let database = environment.runtime.database
            var centre = try #require(try await database.read { try await ReferenceData().centre(request.centre, on: $0) })
            centre.examsOfficerEmail = "refused-\(UUID().uuidString.lowercased())@\(centre.number).invalid"
            try await database.transaction { [centre] in try await ReferenceData().save(centre, on: $0) }
            Self.moveClock(environment, to: -Self.day, from: try await Self.retentionEnd(environment))
            let job = try environment.runtime.retentionJob(mailer: try Self.sinkMailer())

            let failure = try await #require(throws: JobFailure.self) { try await job.run(Self.claimed(environment)) }
            #expect(failure.code == "mail.refused")
            #expect(!failure.isTransient)
            #expect(try await database.read { try await CopyRetention().warningSentAt(series: Self.series, centre: centre.number, on: $0) } == nil)

            let fixed = "exams-\(UUID().uuidString.lowercased())@\(centre.number).invalid"
            centre.examsOfficerEmail = fixed
            try await database.transaction { [centre] in try await ReferenceData().save(centre, on: $0) }
            try await job.run(Self.claimed(environment))
            #expect(try SMTPSink.received(to: fixed).count == 1)
        }
    }

    @Test func withoutARelayTheWarningIsWrittenToTheOutbox() async throws {
        try await TestEnvironment.with { environment in
            let request = try await Self.publishedCopy(environment)
            Self.moveClock(environment, to: -Self.day, from: try await Self.retentionEnd(environment))
            try await #require(environment.runtime.handlers[RetentionJob.kind]).run(Self.claimed(environment))
            let outbox = environment.runtime.settings.storage.outbox
            let names = try FileManager.default.contentsOfDirectory(atPath: outbox)
            #expect(names.count == 1)
            #expect(names.allSatisfy { $0.hasSuffix(".eml") })
            let text = try String(contentsOfFile: "\(outbox)/\(try #require(names.first))", encoding: .utf8)
            #expect(text.contains("exams-officer@northgate-academy.invalid"))
            #expect(text.contains("Subject: 1 script copy from June 2026 will be deleted on"))
            #expect(text.contains("centre \(request.centre)"))
        }
    }

    @Test func pastTheEndCopiesAreDeletedTheirLinksRevokedAndRequestsExpired() async throws {
        try await TestEnvironment.with { environment in
            let runtime = environment.runtime
            let copies = [try await Self.publishedCopy(environment), try await Self.publishedCopy(environment, kind: .nonPriority)]
            let objects = copies.flatMap { [$0.copy?.objectID, $0.copy?.thumbnailObjectID].compactMap { $0 } }
            #expect(objects.count == 4)
            for object in objects { #expect(try await runtime.downloadArea.contains(object)) }

            Self.moveClock(environment, to: 1, from: try await Self.retentionEnd(environment))
            let job = try runtime.retentionJob(batchSize: 1)
            try await job.run(Self.claimed(environment))
            try await job.run(Self.claimed(environment))

            for object in objects { #expect(try await !runtime.downloadArea.contains(object)) }
            for copy in copies {
                let request = try await ScriptCopyJobTests.request(copy.id, in: environment)
                #expect(request.status == .expired)
                let timeline = try await environment.runtime.database.read { try await ScriptRequests().timeline(of: copy.id, on: $0) }
                // Once, however often the job runs.
                #expect(timeline.filter { $0.detail == RetentionJob.deletedDetail }.count == 1)
                #expect(timeline.last?.status == .expired)
                let link = try #require(try await environment.runtime.database.read { try await DownloadLinks().latest(forRequest: copy.id, on: $0) })
                #expect(link.revokedAt != nil)
            }
        }
    }

    @Test func aRunStoppedBeforeTheObjectsGoLeavesNoLiveLinkAndTheNextRunRemovesThem() async throws {
        try await TestEnvironment.with { environment in
            let runtime = environment.runtime
            let request = try await Self.publishedCopy(environment)
            let copy = try #require(request.copy)
            Self.moveClock(environment, to: 1, from: try await Self.retentionEnd(environment))
            let job = try runtime.retentionJob()
            // The database step alone, as if the process died right after it.
            try await job.purgeEndedSeries(now: environment.clock.now)
            let link = try #require(try await environment.runtime.database.read { try await DownloadLinks().latest(forRequest: request.id, on: $0) })
            #expect(link.revokedAt != nil)
            #expect(try await ScriptCopyJobTests.request(request.id, in: environment).status == .expired)
            #expect(try await runtime.downloadArea.contains(copy.objectID))

            try await job.run(Self.claimed(environment))
            #expect(try await !runtime.downloadArea.contains(copy.objectID))
            #expect(try await !runtime.downloadArea.contains(try #require(copy.thumbnailObjectID)))
        }
    }

    @Test func whatAStoppedRunLeftBehindIsRemovedButNothingInUse() async throws {
        try await TestEnvironment.with { environment in
            let runtime = environment.runtime
            let request = try await Self.publishedCopy(environment)
            let copy = try #require(request.copy)
            let thumbnail = try #require(copy.thumbnailObjectID)
            let (published, staging) = (runtime.settings.storage.published, runtime.settings.storage.staging)
            let manager = FileManager.default
            let old = environment.clock.now.addingTimeInterval(-2 * Self.day)
            func path(of objectID: String) -> String { "\(published)/\(objectID.prefix(2))/\(objectID)" }
            func age(_ path: String, to date: Date) throws { try manager.setAttributes([.modificationDate: date], ofItemAtPath: path) }
            // An object published by a run that stopped before recording it, and the kept
            // copy's own objects, all as old.
            let orphan = String(repeating: "ab", count: 32) + ".pdf"
            try manager.createDirectory(atPath: "\(published)/ab", withIntermediateDirectories: true)
            try Data("published, never recorded".utf8).write(to: URL(fileURLWithPath: path(of: orphan)))
            for objectID in [orphan, copy.objectID, thumbnail] { try age(path(of: objectID), to: old) }
            // A staging folder a stopped run left, and one a run is using now.
            let (stale, current) = ("\(staging)/stale-run", "\(staging)/current-run")
            for folder in [stale, current] {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data("page".utf8).write(to: URL(fileURLWithPath: "\(folder)/page-1.jpg"))
            }
            try age(stale, to: old)
            try age(current, to: environment.clock.now)

            try await runtime.retentionJob().run(Self.claimed(environment))
            #expect(try await !runtime.downloadArea.contains(orphan))
            #expect(try await runtime.downloadArea.contains(copy.objectID))
            #expect(try await runtime.downloadArea.contains(thumbnail))
            #expect(!manager.fileExists(atPath: stale))
            #expect(manager.fileExists(atPath: "\(current)/page-1.jpg"))
        }
    }

    /// On an object store, as on a local folder: an object older than a day that nothing
    /// refers to is removed, and a copy's own objects, as old, are kept.
    @Test func onAnObjectStoreAnOldUnreferencedObjectIsRemovedAndACopysObjectsKept() async throws {
        let environment = ProcessInfo.processInfo.environment
        let store = [
            "SCRIPTDESK_S3_ENDPOINT": environment["SCRIPTDESK_TEST_S3_ENDPOINT"], "SCRIPTDESK_S3_BUCKET": environment["SCRIPTDESK_TEST_S3_BUCKET"],
            "SCRIPTDESK_S3_ACCESS_KEY": environment["SCRIPTDESK_TEST_S3_ACCESS_KEY"],
            "SCRIPTDESK_S3_SECRET_KEY": environment["SCRIPTDESK_TEST_S3_SECRET_KEY"],
        ]
        let settings = try store.mapValues { value in
            try #require(value, "SCRIPTDESK_TEST_S3_* not set: run scripts/test, which starts SeaweedFS and sets them.")
        }
        let prefix = "retention-\(UUID().uuidString.lowercased())"
        try await TestEnvironment.with(settings: settings.merging(["SCRIPTDESK_S3_PREFIX": prefix]) { $1 }) { environment in
            let runtime = environment.runtime
            let area = try #require(runtime.downloadArea as? S3DownloadArea)
            let copy = try #require(try await Self.publishedCopy(environment).copy)
            let thumbnail = try #require(copy.thumbnailObjectID)
            let content = Data("published, never recorded \(UUID())".utf8)
            let path = "\(environment.root)/orphan.pdf"
            try content.write(to: URL(fileURLWithPath: path))
            let orphan = try await area.publish(fileAt: path, sha256: ContentHash.sha256(content)).objectID
            let objects = [orphan, copy.objectID, thumbnail]
            for objectID in objects { #expect(try await area.contains(objectID)) }

            // Written just now, the orphan may belong to a run still under way.
            try await runtime.retentionJob().run(Self.claimed(environment))
            #expect(try await area.contains(orphan))
            environment.clock.advance(by: 2 * Self.day)
            try await runtime.retentionJob().run(Self.claimed(environment))
            #expect(try await !area.contains(orphan))
            #expect(try await area.contains(copy.objectID))
            #expect(try await area.contains(thumbnail))
            for objectID in objects { try await area.remove(objectID) }
        }
    }

    @Test func anObjectSharedWithACopyOfASeriesStillKeptIsNotDeleted() async throws {
        try await TestEnvironment.with { environment in
            let runtime = environment.runtime
            let ending = try await Self.publishedCopy(environment)
            let shared = try #require(ending.copy)
            let kept = try await Self.copyInALaterSeries(sharing: ending, environment)
            let end = try await Self.retentionEnd(environment)

            Self.moveClock(environment, to: 1, from: end)
            try await runtime.retentionJob().run(Self.claimed(environment))
            #expect(try await ScriptCopyJobTests.request(ending.id, in: environment).status == .expired)
            #expect(try await ScriptCopyJobTests.request(kept.id, in: environment).status == .ready)
            #expect(try await runtime.downloadArea.contains(shared.objectID))
            #expect(try await runtime.downloadArea.contains(try #require(shared.thumbnailObjectID)))

            // Once the later series ends too, the object goes.
            Self.moveClock(environment, to: 1, from: try await Self.retentionEnd(environment, of: "2026-11"))
            try await runtime.retentionJob().run(Self.claimed(environment))
            #expect(try await ScriptCopyJobTests.request(kept.id, in: environment).status == .expired)
            #expect(try await !runtime.downloadArea.contains(shared.objectID))
        }
    }

    /// A ready request in a November series, kept a year longer, whose copy is the very
    /// same objects as `request`'s (as content addressing gives identical files).
    static func copyInALaterSeries(sharing request: ScriptRequest, _ environment: TestEnvironment) async throws -> ScriptRequest {
        let database = environment.runtime.database
        var later = try #require(try await database.read { try await ReferenceData().series(Self.series, on: $0) })
        later.code = "2026-11"
        later.name = "November 2026"
        later.calendar.scriptRetentionEnd += 365 * Self.day
        let result = try #require(
            try await database.read {
                try await ReferenceData().result(
                    series: Self.series,
                    centre: request.centre,
                    candidate: request.candidate,
                    component: request.component,
                    on: $0
                )
            }
        )
        var copy = request
        copy.id = UUID().uuidString.lowercased()
        copy.series = later.code
        copy.status = .queued
        copy.copy = nil
        let now = environment.clock.now
        try await database.transaction { db in
            try await ReferenceData().save(later, on: db)
            var laterResult = result
            laterResult.series = later.code
            try await ReferenceData().save(laterResult, on: db)
            try await ScriptRequests().insert(copy, event: RequestEvent(at: now, status: .queued, detail: "Requested"), on: db)
            let ready = RequestEvent(at: now, status: .ready, detail: "Ready to download")
            _ = try await ScriptRequests().markReady(copy.id, copy: try #require(request.copy), event: ready, on: db)
        }
        return try await ScriptCopyJobTests.request(copy.id, in: environment)
    }
}
