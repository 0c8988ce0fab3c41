import Foundation
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPDF
import ScriptDeskQueue
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskServices

@Suite struct ScriptCopyJobTests {
    /// Submits a request and runs its job once with the pipeline's own handler.
    static func submitAndRun(
        _ environment: TestEnvironment,
        kind: ScriptCopyKind = .priority,
        identify: Bool = true,
        qualifications: Set<QualificationType> = [.gce]
    ) async throws -> (ScriptRequest, Result<Void, any Error>, ClaimedJob) {
        let runtime = environment.runtime
        let submission = try await Self.submission(environment, kind: kind, identify: identify, qualifications: qualifications)
        let accepted = try await environment.runtime.intake.submit(submission, by: environment.examsOfficer)
        let job = try #require(try await runtime.queue.claim(workerID: "test", lease: .seconds(60), now: environment.clock.now))
        let handler = try #require(runtime.handlers[job.kind])
        let outcome: Result<Void, any Error>
        do {
            try await handler.run(job)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        return (accepted.request, outcome, job)
    }

    /// A request for the first held script of `qualifications` at the test centre.
    static func submission(
        _ environment: TestEnvironment,
        kind: ScriptCopyKind = .priority,
        identify: Bool = true,
        qualifications: Set<QualificationType> = [.gce]
    ) async throws -> ScriptRequestSubmission {
        let target = try await environment.heldScript(in: qualifications)
        return ScriptRequestSubmission(
            series: "2026-06",
            component: target.component.code,
            candidate: target.result.candidate.rawValue,
            kind: kind,
            consent: environment.consent(identify: identify)
        )
    }

    /// A copy of a stored object in a temporary file, read back through the download area
    /// as any backend would serve it.
    static func localCopy(of objectID: String, in environment: TestEnvironment) async throws -> String {
        let copy = "\(environment.root)/object-\(UUID().uuidString)-\(objectID)"
        try await environment.runtime.downloadArea.withLocalFile(of: objectID) { try FileManager.default.copyItem(atPath: $0, toPath: copy) }
        return copy
    }

    static func request(_ id: String, in environment: TestEnvironment) async throws -> ScriptRequest {
        try #require(try await environment.runtime.database.read { try await ScriptRequests().find(id, scope: .everyCentre, on: $0) })
    }

    @Test func aRequestBecomesACheckedPublishedCopyWithALink() async throws {
        try await TestEnvironment.with { environment in
            let (submitted, outcome, _) = try await Self.submitAndRun(environment)
            try outcome.get()
            let request = try await Self.request(submitted.id, in: environment)
            #expect(request.status == .ready)
            let copy = try #require(request.copy)
            let path = try await Self.localCopy(of: copy.objectID, in: environment)
            let report = try PDFChecker.check(fileAt: path, expectedPages: copy.pageCount)
            #expect(report.pageCount == 5)
            #expect(try ContentHash.sha256(fileAt: path) == copy.sha256)
            // The first page's thumbnail is published beside it, as a PNG.
            let thumbnail = try await Self.localCopy(of: try #require(copy.thumbnailObjectID), in: environment)
            #expect(try Data(contentsOf: URL(fileURLWithPath: thumbnail)).starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let link = try #require(
                try await environment.runtime.database.read { try await DownloadLinks().latest(forRequest: submitted.id, on: $0) }
            )
            #expect(link.audience == environment.centre)
            #expect(link.expiresAt == link.notBefore + environment.runtime.settings.policy.linkLifetime(for: .priority))
            let timeline = try await environment.runtime.database.read { try await ScriptRequests().timeline(of: submitted.id, on: $0) }
            #expect(timeline.map(\.status) == [.queued, .processing, .ready])
            let staging = try FileManager.default.contentsOfDirectory(atPath: environment.runtime.settings.storage.staging)
            #expect(staging.isEmpty)
        }
    }

    @Test func anIdenticalLiveRequestIsReturnedNotRepeated() async throws {
        try await TestEnvironment.with { environment in
            let submission = try await Self.submission(environment)
            let intake = environment.runtime.intake
            let first = try await intake.submit(submission, by: environment.examsOfficer)
            let second = try await intake.submit(submission, by: environment.examsOfficer)
            #expect(first.isNew)
            #expect(!second.isNew)
            #expect(second.request.id == first.request.id)
            #expect(try await environment.runtime.queue.depth()[.priority]?[.waiting] == 1)
        }
    }

    @Test func aTamperedArchivePageFailsTheRequestForGood() async throws {
        try await TestEnvironment.with { environment in
            let target = try await environment.heldScript(in: [.gce])
            let archive = environment.runtime.settings.storage.archive
            let folder = "\(archive)/2026-06/\(Series.pathSegment(target.component.code))/\(environment.centre)/\(target.result.candidate)"
            // A re-scan that bypassed the manifest: same name, different bytes.
            try Data("not the scanned page".utf8).write(to: URL(fileURLWithPath: "\(folder)/page-02.jpg"))
            let (submitted, outcome, job) = try await Self.submitAndRun(environment)
            guard case .failure(let error) = outcome else {
                Issue.record("a tampered page was accepted")
                return
            }
            let failure = JobFailure(error)
            // A body of another size than the manifest says is refused as it streams in.
            #expect(failure.code == "transfer.size_mismatch")
            #expect(!failure.isTransient)
            let handler = try #require(environment.runtime.handlers[job.kind])
            try await environment.runtime.database.transaction { try await handler.jobDied(job, failure: failure, in: $0) }
            let request = try await Self.request(submitted.id, in: environment)
            #expect(request.status == .failed)
            #expect(request.failure?.code == "transfer.size_mismatch")
            // Centres are told what happened, not where the archive lives.
            #expect(request.failure?.message.contains("/") == false)
            #expect(failure.message.contains("page-02.jpg"))
            #expect(request.copy == nil)
        }
    }

    @Test func anAnonymisedCopyNamesNoCandidate() async throws {
        try await TestEnvironment.with { environment in
            let (submitted, outcome, _) = try await Self.submitAndRun(environment, kind: .nonPriority, identify: false)
            try outcome.get()
            let request = try await Self.request(submitted.id, in: environment)
            let copy = try #require(request.copy)
            let candidate = try #require(
                try await environment.runtime.database.read { try await ReferenceData().candidate(request.candidate, of: request.centre, on: $0) }
            )
            let path = try await Self.localCopy(of: copy.objectID, in: environment)
            let text = try PDFText.all(ofFileAt: path)
            #expect(text.contains("Anonymised"))
            // Known by a reference only the awarding body can map: on the cover and in the name.
            let reference = try #require(copy.fileName.firstMatch(of: /ANON-[0-9A-Z]{6}-[0-9A-Z]{6}/).map { String($0.output) })
            #expect(text.contains(reference))
            // Nothing a reader gets from the file (text, metadata, name, the download's
            // Content-Disposition) names the candidate or the request, which the centre can
            // map back to the candidate.
            let disposition = ContentDisposition.attachment(fileName: copy.fileName)
            let number = try Regex("\\b\(request.candidate.rawValue)\\b")
            for field in [text, copy.fileName, disposition] {
                #expect(!field.contains(candidate.name))
                #expect(field.firstMatch(of: number) == nil)
                #expect(!field.contains(request.id))
                #expect(!field.contains(String(request.id.prefix(8))))
            }
        }
    }
}
