import Foundation
import ScriptDeskCore
import Testing

@Suite struct UTCTimestampTests {
    static let withMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static let withoutMilliseconds = Date.ISO8601FormatStyle()

    /// Instants at the edges: the epoch, before it, leap days, century rules, the last
    /// millisecond of a year, sub-millisecond fractions, the end of the supported range
    /// (Foundation counts years before 1583 in the Julian calendar, so none is compared).
    static let edges: [Date] =
        [
            "1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "2024-02-29T12:34:56.789Z", "2000-02-29T00:00:00.001Z",
            "1900-03-01T00:00:00.000Z", "2100-02-28T23:59:59.999Z", "2026-12-31T23:59:59.999Z", "1600-03-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z", "2026-08-13T08:00:00.000Z",
        ].map { try! Date($0, strategy: withMilliseconds) } + [
            Date(timeIntervalSince1970: 1_787_212_800.0004), Date(timeIntervalSince1970: 1_787_212_800.9996),
            Date(timeIntervalSince1970: -0.0004), Date(timeIntervalSince1970: -86_400.5),
        ]

    /// Instants spread over four centuries, the same every run.
    static var spread: [Date] {
        var state: UInt64 = 0x5D0C_DE5C
        return (0..<2000).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let span = 400.0 * 365.25 * 86_400
            return Date(timeIntervalSince1970: -span / 2 + Double(state >> 11) / Double(1 << 53) * span)
        }
    }

    /// To the second as Foundation writes it; the milliseconds are the instant's own, truncated
    /// (Foundation's style sometimes writes one less, from floating-point error: it writes
    /// the instant it reads from `…00.001Z` as `…00.000Z`).
    @Test func writesWhatFoundationWritesAndTheExactMilliseconds() {
        for date in Self.edges + Self.spread {
            let seconds = date.formatted(Self.withoutMilliseconds)
            #expect(UTCTimestamp.text(date, milliseconds: false) == seconds, "\(date.timeIntervalSince1970)")
            let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
            let fraction = ((milliseconds % 1000) + 1000) % 1000
            let expected = seconds.dropLast() + "." + String(fraction + 1000).dropFirst() + "Z"
            #expect(UTCTimestamp.text(date, milliseconds: true) == expected, "\(date.timeIntervalSince1970)")
        }
    }

    @Test func readsWhatItWritesAsFoundationReadsIt() throws {
        for date in Self.edges + Self.spread {
            for milliseconds in [true, false] {
                let text = UTCTimestamp.text(date, milliseconds: milliseconds)
                let expected = try Date(text, strategy: milliseconds ? Self.withMilliseconds : Self.withoutMilliseconds)
                let read = try #require(UTCTimestamp.date(text), "\(text)")
                #expect(abs(read.timeIntervalSince1970 - expected.timeIntervalSince1970) < 0.000_001, "\(text)")
            }
        }
    }

    @Test(arguments: [
        "", "2026-08-13", "2026-08-13T08:00:00", "2026-08-13T08:00:00+00:00", "2026-08-13 08:00:00Z", "2026-02-29T08:00:00Z",
        "2026-04-31T08:00:00Z", "2026-13-01T08:00:00Z", "2026-00-10T08:00:00Z", "2026-08-00T08:00:00Z", "2026-08-13T24:00:00Z",
        "2026-08-13T08:60:00Z", "2026-08-13T08:00:60Z", "0000-01-01T00:00:00Z", "2026-08-13T08:00:00,000Z", "2026-08-13T08:00:0aZ",
        "2026-08-13T08:00:00.00Z", "2026-08-13T08:00:00.0000Z", "2026/08/13T08:00:00Z", "２０２６-08-13T08:00:00Z",
    ])
    func refusesEverythingButTheTwoFixedForms(_ text: String) {
        #expect(UTCTimestamp.date(text) == nil)
    }
}
