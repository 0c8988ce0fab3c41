import Foundation
import Testing

@testable import ScriptDeskCore

/// The download grant, one rule at a time, each at its edge: the validity window to the
/// second, the clock-skew tolerance, the audience, the content, and the allowance in bytes.
@Suite struct DownloadGrantTests {
    static let now = Date(timeIntervalSince1970: 1_787_212_800)
    static let home = CentreNumber("12345")!
    static let away = CentreNumber("23456")!
    static let sha = String(repeating: "ab", count: 32)
    static let copy = ScriptRequest.PublishedCopy(objectID: sha + ".pdf", sha256: sha, byteCount: 1_000, pageCount: 5, fileName: "copy.pdf")

    static func link(allowance: Int? = nil, revoked: Bool = false) -> DownloadLink {
        DownloadLink(
            id: String(repeating: "1", count: 32),
            requestID: "request-1",
            keyID: "0a1b2c3d",
            objectID: copy.objectID,
            contentSHA256: copy.sha256,
            fileName: copy.fileName,
            audience: home,
            notBefore: now,
            expiresAt: now + 3_600,
            downloadAllowance: allowance,
            revokedAt: revoked ? now : nil,
            createdAt: now
        )
    }

    static func verdict(
        _ link: DownloadLink,
        _ subject: DownloadGrant.Subject = .copy(centre: home, current: copy),
        delivered: Int64 = 0,
        at time: Date = now + 60
    ) -> String {
        do {
            let grant = try DownloadGrant.decide(link, opening: subject, delivered: delivered, now: time, clockSkew: 30)
            return grant.remainingBytes.map { "ok \($0)" } ?? "ok"
        } catch {
            return error.code
        }
    }

    @Test func theValidityWindowHoldsToTheSecondWithTheSkewBeforeItOnly() {
        let link = Self.link()
        #expect(Self.verdict(link, at: link.expiresAt) == "ok")
        #expect(Self.verdict(link, at: link.expiresAt + 1) == "link.expired")
        #expect(Self.verdict(link, at: link.notBefore - 30) == "ok")
        #expect(Self.verdict(link, at: link.notBefore - 31) == "link.not_yet_valid")
    }

    @Test func aWithdrawnLinkIsGoneWhateverElseHolds() {
        #expect(Self.verdict(Self.link(revoked: true)) == "link.revoked")
        #expect(Self.verdict(Self.link(revoked: true), at: Self.now + 7_200) == "link.revoked")
    }

    @Test func aLinkOpensOnlyItsOwnCentresUnchangedCopy() {
        let link = Self.link()
        #expect(Self.verdict(link, .copy(centre: Self.away, current: Self.copy)) == "link.wrong_audience")
        #expect(Self.verdict(link, .copy(centre: Self.home, current: nil)) == "link.content_changed")
        var rescanned = Self.copy
        rescanned.sha256 = String(repeating: "cd", count: 32)
        #expect(Self.verdict(link, .copy(centre: Self.home, current: rescanned)) == "link.content_changed")
        var moved = Self.copy
        moved.objectID = "elsewhere.pdf"
        #expect(Self.verdict(link, .copy(centre: Self.home, current: moved)) == "link.content_changed")
    }

    @Test func theAllowanceCountsBytesDeliveredToTheLastOne() {
        let link = Self.link(allowance: 2)
        #expect(Self.verdict(link, delivered: 0) == "ok 2000")
        #expect(Self.verdict(link, delivered: 1_500) == "ok 500")
        #expect(Self.verdict(link, delivered: 1_999) == "ok 1")
        #expect(Self.verdict(link, delivered: 2_000) == "link.allowance_used")
        #expect(Self.verdict(Self.link(), delivered: 1_000_000) == "ok")
    }

    @Test func aBundleOpensOnlyWhenEveryItemIsAsSigned() {
        let item = DownloadBundle.Item(
            requestID: "request-1",
            objectID: Self.copy.objectID,
            sha256: Self.copy.sha256,
            byteCount: 1_000,
            entryName: "a.pdf"
        )
        var link = Self.link()
        link.purpose = .bundle
        link.contentSHA256 = "manifest"
        func bundle(_ items: [DownloadBundle.Item], manifest: String = "manifest", current: [String: ScriptRequest.PublishedCopy]) -> String {
            Self.verdict(link, .bundle(centre: Self.home, items: items, manifestSHA256: manifest, current: current))
        }
        #expect(bundle([item], current: ["request-1": Self.copy]) == "ok")
        #expect(bundle([item], manifest: "edited", current: ["request-1": Self.copy]) == "link.content_changed")
        #expect(bundle([item], current: [:]) == "link.content_changed")
        #expect(bundle([], current: [:]) == "link.content_changed")
        var rescanned = Self.copy
        rescanned.sha256 = String(repeating: "cd", count: 32)
        #expect(bundle([item], current: ["request-1": rescanned]) == "link.content_changed")
        #expect(
            Self.verdict(link, .bundle(centre: Self.away, items: [item], manifestSHA256: "manifest", current: ["request-1": Self.copy]))
                == "link.wrong_audience"
        )
    }
}
