import Crypto
import Foundation
import ScriptDeskCore
import Testing

@testable import ScriptDeskDelivery

@Suite struct LinkSignerTests {
    static let now = Date(timeIntervalSince1970: 1_787_212_800)
    static let key = SigningKeyring.Key(id: "0a1b2c3d", secret: SymmetricKey(size: .bits256))
    static let signer = LinkSigner(keyring: SigningKeyring(current: key), clockSkew: 30)

    static func link(expiresIn lifetime: TimeInterval = 3600) -> DownloadLink {
        DownloadLink(
            id: LinkSigner.newLinkID(),
            requestID: "request-1",
            keyID: key.id,
            objectID: String(repeating: "ab", count: 32) + ".pdf",
            contentSHA256: String(repeating: "ab", count: 32),
            fileName: "2026-06_H240-01_12345_0007_priority.pdf",
            audience: CentreNumber("12345")!,
            notBefore: now,
            expiresAt: now + lifetime,
            createdAt: now
        )
    }

    static func verdict(_ token: String, link: DownloadLink, at time: Date = now + 60) -> String {
        do {
            let claim = try signer.claim(in: token)
            try signer.verify(claim, link: link, now: time)
            return "ok"
        } catch {
            return error.code
        }
    }

    @Test func aMintedTokenVerifiesAndStaysShort() throws {
        let link = Self.link()
        let token = try Self.signer.token(for: link)
        #expect(token.count <= 200)
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(Self.verdict(token, link: link) == "ok")
        #expect(try Self.signer.claim(in: token).linkID == link.id)
    }

    @Test func everySingleBitFlipIsRefused() throws {
        let link = Self.link()
        let token = try Self.signer.token(for: link)
        let bytes = try #require(Base64URL.decode(token))
        var accepted = 0
        for index in bytes.indices {
            for bit in 0..<8 {
                var flipped = bytes
                flipped[index] ^= 1 << bit
                if Self.verdict(Base64URL.encode(flipped), link: link) == "ok" { accepted += 1 }
            }
        }
        #expect(accepted == 0)
    }

    @Test func malformedTokensAreRefused() throws {
        let link = Self.link()
        let token = try Self.signer.token(for: link)
        let variants = [
            String(token.dropLast()),
            token + "A",
            token + "=",
            token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/"),
            token.replacingOccurrences(of: "-", with: "%2B"),
            "",
            String(repeating: "A", count: 71),
        ]
        for variant in variants where variant != token {
            #expect(Self.verdict(variant, link: link) != "ok", "\(variant) was accepted")
        }
    }

    @Test func theValidityWindowHoldsToTheSecond() throws {
        let link = Self.link(expiresIn: 3600)
        let token = try Self.signer.token(for: link)
        #expect(Self.verdict(token, link: link, at: link.expiresAt) == "ok")
        #expect(Self.verdict(token, link: link, at: link.expiresAt + 1) == "link.expired")
        #expect(Self.verdict(token, link: link, at: link.notBefore - 30) == "ok")
        #expect(Self.verdict(token, link: link, at: link.notBefore - 31) == "link.not_yet_valid")
    }

    @Test func changingAnySignedFieldBreaksTheSignature() throws {
        let link = Self.link()
        let token = try Self.signer.token(for: link)
        var changes: [DownloadLink] = []
        var copy = link
        copy.contentSHA256 = String(repeating: "cd", count: 32)
        changes.append(copy)
        copy = link
        copy.audience = CentreNumber("23456")!
        changes.append(copy)
        copy = link
        copy.fileName = "other.pdf"
        changes.append(copy)
        copy = link
        copy.expiresAt += 86_400
        changes.append(copy)
        for changed in changes {
            #expect(Self.verdict(token, link: changed) == "link.bad_signature")
        }
        var revoked = link
        revoked.revokedAt = Self.now
        #expect(Self.verdict(token, link: revoked) == "link.revoked")
    }

    @Test func tokensFromUnknownKeysAreRefused() throws {
        let link = Self.link()
        let otherKey = SigningKeyring.Key(id: "99999999", secret: SymmetricKey(size: .bits256))
        var foreign = link
        foreign.keyID = otherKey.id
        let token = try LinkSigner(keyring: SigningKeyring(current: otherKey)).token(for: foreign)
        #expect(Self.verdict(token, link: foreign) == "link.unknown_key")
    }
}
