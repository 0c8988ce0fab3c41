import Foundation
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskQueue
import ScriptDeskServices
import ScriptDeskStore
import ScriptDeskTestSupport
import Testing

/// Operations' retry and cancel, as the request a job works for sees them.
@Suite struct JobControlHandlerTests {
    /// A request whose job died for good because a page was tampered with; returns the
    /// request and restores the page, so that a retry can succeed.
    static func failedRequest(_ environment: TestEnvironment) async throws -> (ScriptRequest, ClaimedJob) {
        let runtime = environment.runtime
        let target = try await environment.heldScript(in: [.gce])
        let folder =
            "\(environment.runtime.settings.storage.archive)/2026-06/\(Series.pathSegment(target.component.code))/\(environment.centre)/\(target.result.candidate)"
        let page = URL(fileURLWithPath: "\(folder)/page-02.jpg")
        let original = try Data(contentsOf: page)
        try Data("not the scanned page".utf8).write(to: page)
        let (submitted, outcome, job) = try await ScriptCopyJobTests.submitAndRun(environment)
        guard case .failure(let error) = outcome else {
            Issue.record("a tampered page was accepted")
            throw CancellationError()
        }
        let failed = try await runtime.queue.fail(
            job,
            failure: JobFailure(error),
            retryAt: nil,
            now: environment.clock.now,
            onDeath: runtime.handlers.deathRecorder
        )
        #expect(failed)
        try original.write(to: page)
        return (try await ScriptCopyJobTests.request(submitted.id, in: environment), job)
    }

    @Test func retryingADeadJobReopensItsRequestAndTheCopyIsMade() async throws {
        try await TestEnvironment.with { environment in
            let runtime = environment.runtime
            let (failed, job) = try await Self.failedRequest(environment)
            #expect(failed.status == .failed)
            let outcome = try await runtime.queue.control(
                .retry,
                JobFilter(states: [.dead], kind: ScriptCopyJob.kind),
                limit: 10,
                now: environment.clock.now,
                onControl: runtime.handlers.controlRecorder
            )
            #expect(outcome.changed == [job.id])
            let reopened = try await ScriptCopyJobTests.request(failed.id, in: environment)
            #expect(reopened.status == .queued)
            #expect(reopened.failure == nil)

            let again = try #require(try await runtime.queue.claim(workerID: "test", lease: .seconds(60), now: environment.clock.now))
            #expect(again.id == job.id)
            try await runtime.handlers[again.kind]?.run(again)
            let ready = try await ScriptCopyJobTests.request(failed.id, in: environment)
            #expect(ready.status == .ready)
            let timeline = try await environment.runtime.database.read { try await ScriptRequests().timeline(of: failed.id, on: $0) }
            #expect(timeline.map(\.status) == [.queued, .processing, .failed, .queued, .processing, .ready])
        }
    }

    @Test func aRetryIsRefusedWhenTheCentreHasAskedAgain() async throws {
        try await TestEnvironment.with { environment in
            let runtime = environment.runtime
            let (failed, job) = try await Self.failedRequest(environment)
            let submission = try await ScriptCopyJobTests.submission(environment)
            let second = try await environment.runtime.intake.submit(submission, by: environment.examsOfficer)
            #expect(second.isNew)
            let outcome = try await runtime.queue.control(
                .retry,
                JobFilter(ids: [job.id], states: [.dead]),
                limit: 10,
                now: environment.clock.now,
                onControl: runtime.handlers.controlRecorder
            )
            #expect(outcome.changed.isEmpty)
            #expect(outcome.skipped.first?.reason.contains(second.request.id) == true)
            #expect(try await ScriptCopyJobTests.request(failed.id, in: environment).status == .failed)
        }
    }

    @Test func cancellingAWaitingJobTellsTheCentre() async throws {
        try await TestEnvironment.with { environment in
            let runtime = environment.runtime
            let submission = try await ScriptCopyJobTests.submission(environment)
            let accepted = try await environment.runtime.intake.submit(submission, by: environment.examsOfficer)
            let outcome = try await runtime.queue.control(
                .cancel,
                JobFilter(states: [.waiting], lane: .priority),
                limit: 10,
                now: environment.clock.now,
                onControl: runtime.handlers.controlRecorder
            )
            #expect(outcome.changed.count == 1)
            let request = try await ScriptCopyJobTests.request(accepted.request.id, in: environment)
            #expect(request.status == .failed)
            #expect(request.failure?.code == "job.cancelled")
            #expect(try await runtime.queue.claim(workerID: "test", lease: .seconds(60), now: environment.clock.now) == nil)
        }
    }
}
