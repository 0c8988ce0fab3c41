import Foundation
import Testing

@testable import ScriptDeskCore

/// Refused attempts share a tally when they share a link or bundle, an address, a refusal
/// and a minute; merging a group of them leaves one tally per key with every attempt counted.
@Suite struct RefusalTallyTests {
    /// The start of a minute.
    static let minute = Date(timeIntervalSince1970: 1_787_212_800)
    static let link = RefusalTally.Subject.link(id: "link-1", requestID: "request-1")

    @Test func anAttemptFallsInTheMinuteThatHoldsIt() {
        let first = RefusalTally(.badSignature, on: Self.link, from: "192.0.2.1", at: Self.minute)
        let last = RefusalTally(.badSignature, on: Self.link, from: "192.0.2.1", at: Self.minute + 59.999)
        let next = RefusalTally(.badSignature, on: Self.link, from: "192.0.2.1", at: Self.minute + 60)
        #expect(first.key == last.key)
        #expect(first.key.minute == Self.minute)
        #expect(next.key.minute == Self.minute + 60)
        #expect(first.key.code == "link.bad_signature")
        #expect(first.status == 403)
        #expect(RefusalTally(.revoked, on: .bundle(id: "bundle-1"), from: "192.0.2.1", at: Self.minute).status == 410)
    }

    @Test func mergingCountsEveryAttemptOncePerKeyInFirstSeenOrder() {
        let attempts = (0..<50).map { second in
            RefusalTally(.badSignature, on: Self.link, from: "192.0.2.1", at: Self.minute + Double(49 - second))
        }
        let others = [
            RefusalTally(.badSignature, on: Self.link, from: "192.0.2.2", at: Self.minute + 1),
            RefusalTally(.badSignature, on: Self.link, from: "192.0.2.1", at: Self.minute + 61),
            RefusalTally(.expired(at: Self.minute), on: Self.link, from: "192.0.2.1", at: Self.minute + 2),
            RefusalTally(.badSignature, on: .bundle(id: "link-1"), from: "192.0.2.1", at: Self.minute + 3),
        ]
        let merged = RefusalTally.merged(Array(attempts[..<25]) + others + Array(attempts[25...]))
        #expect(merged.count == 5)
        #expect(merged[0].key == attempts[0].key)
        #expect(merged[0].count == 50)
        #expect(merged[0].firstAt == Self.minute)
        #expect(merged[0].lastAt == Self.minute + 49)
        #expect(merged[1...].map(\.count) == [1, 1, 1, 1])
        #expect(merged[1...].map(\.key) == others.map(\.key))
    }
}
