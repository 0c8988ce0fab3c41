import Crypto
import Foundation
import ScriptDeskCore
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskDelivery

@Suite struct LinkSignerTests {
    static let now = Date(timeIntervalSince1970: 1_787_212_800)
    static let key = SigningKeyring.Key(id: "0a1b2c3d", secret: SymmetricKey(size: .bits256))
    static let signer = LinkSigner(keyring: SigningKeyring(current: key))

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

    /// Tokens already sent out must keep verifying: the tuple's encoding is pinned by
    /// tokens computed outside Swift (Python's hmac over the encoding the type documents),
    /// with and without an allowance, and with a time before 1970.
    @Test(
        arguments: [
            (nil, 1_787_212_800, "AQobLD0AESIzRFVmd4iZqrvM3e7_slMr-UC7oM-Y9o63YwkBt6hhuZ2uE3XiGJ-VI0MP2I0"),
            (3, 1_787_212_800, "AQobLD0AESIzRFVmd4iZqrvM3e7_SnQtqWtHVeAKTaT_M7mLW1oI8slJ4Hhgm9IaIhQk12s"),
            (nil, -5, "AQobLD0AESIzRFVmd4iZqrvM3e7_dSGDDYQoFmsh2MpDpIpm0i_nAZ-lzw-avhZRqgQuyeo"),
        ] as [(Int?, Int, String)]
    )
    func theTupleEncodingIsPinnedByKnownTokens(allowance: Int?, notBefore: Int, expected: String) throws {
        let key = SigningKeyring.Key(id: "0a1b2c3d", secret: SymmetricKey(data: (1...32).map { UInt8($0) }))
        let signer = LinkSigner(keyring: SigningKeyring(current: key))
        let sha256 = String(repeating: "ab", count: 32)
        let link = DownloadLink(
            id: "00112233445566778899aabbccddeeff",
            requestID: "request-1",
            keyID: key.id,
            objectID: sha256 + ".pdf",
            contentSHA256: sha256,
            fileName: "2026-06_H240-01_12345_0007_Zoë.pdf",
            audience: CentreNumber("12345")!,
            notBefore: Date(timeIntervalSince1970: TimeInterval(notBefore)),
            expiresAt: Date(timeIntervalSince1970: 1_787_216_400),
            downloadAllowance: allowance,
            createdAt: Self.now
        )
        #expect(try signer.token(for: link) == expected)
        try signer.verify(try signer.claim(in: expected), link: link, now: Date(timeIntervalSince1970: 1_787_213_000))
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

@Suite struct KeyRotationTests {
    static func scratch() throws -> String {
        try ScratchFolder.make("keys")
    }

    @Test func aRotatedKeyVerifiesThroughItsOverlapThenIsRefused() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let now = LinkSignerTests.now
        let first = try SigningKeyring.loadOrCreate(folder: folder)
        var link = LinkSignerTests.link(expiresIn: 30 * 86_400)
        link.keyID = first.current.id
        let token = try LinkSigner(keyring: first).token(for: link)

        let rotated = try SigningKeyring.rotate(folder: folder, overlap: 3_600, now: now)
        #expect(rotated.current.id != first.current.id)
        #expect(rotated.key(first.current.id)?.retiresAt == now + 3_600)
        let signer = LinkSigner(keyring: try SigningKeyring.load(folder: folder))
        func verdict(at time: Date) -> String {
            do {
                try signer.verify(try signer.claim(in: token), link: link, now: time)
                return "ok"
            } catch {
                return error.code
            }
        }
        #expect(verdict(at: now + 3_599) == "ok")
        #expect(verdict(at: now + 3_600) == "link.retired_key")
        // A second rotation keeps the first key's date and starts the second's.
        let again = try SigningKeyring.rotate(folder: folder, overlap: 60, now: now + 10)
        #expect(again.key(first.current.id)?.retiresAt == now + 3_600)
        #expect(again.key(rotated.current.id)?.retiresAt == now + 70)
        #expect(again.all.count == 3)
        let manifestMode = try FileManager.default.attributesOfItem(atPath: "\(folder)/keyring.json")[.posixPermissions] as? Int
        #expect(manifestMode == 0o600)
    }

    @Test func anotherProcessesRotationIsFollowed() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = try KeyringSource(folder: folder, refreshInterval: .seconds(3_600))
        let before = source.keyring.current.id
        // Another process rotates; a token under the new key makes this one read the folder.
        let rotated = try SigningKeyring.rotate(folder: folder, overlap: 3_600, now: Date())
        var link = LinkSignerTests.link()
        link.keyID = rotated.current.id
        let token = try LinkSigner(keyring: rotated).token(for: link)
        let signer = LinkSigner(keys: source)
        #expect(try signer.claim(in: token).keyID == rotated.current.id)
        #expect(source.keyring.current.id == rotated.current.id)
        #expect(source.keyring.key(before)?.retiresAt != nil)
        // And with no such token, the refresh interval brings it in.
        let eager = try KeyringSource(folder: folder, refreshInterval: .zero)
        let third = try SigningKeyring.rotate(folder: folder, overlap: 3_600, now: Date())
        #expect(eager.keyring.current.id == third.current.id)
    }

    @Test func aFolderFromBeforeManifestsStillLoads() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SecretFile.store(Data(repeating: 7, count: 32), at: "\(folder)/link-01020304.key", replacing: false)
        try SecretFile.store(Data("01020304\n".utf8), at: "\(folder)/current", replacing: false)
        let keyring = try SigningKeyring.loadOrCreate(folder: folder)
        #expect(keyring.current.id == "01020304")
        #expect(keyring.current.retiresAt == nil)
    }

    @Test func signedFieldsIncludeThePurposeAndAllowance() throws {
        let link = LinkSignerTests.link()
        let token = try LinkSignerTests.signer.token(for: link)
        var bundle = link
        bundle.purpose = .bundle
        var limited = link
        limited.downloadAllowance = 3
        #expect(LinkSignerTests.verdict(token, link: bundle) == "link.bad_signature")
        #expect(LinkSignerTests.verdict(token, link: limited) == "link.bad_signature")
        #expect(LinkSignerTests.verdict(try LinkSignerTests.signer.token(for: limited), link: limited) == "ok")
    }
}

@Suite struct Base64URLTests {
    @Test func roundTripsEveryLengthAndMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base64URL.encode(bytes)
            let foundation = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(text == foundation)
            #expect(Base64URL.decode(text) == bytes)
        }
    }

    @Test(arguments: ["A", "AB=", "AB+C", "AB/C", "AB C", "AB%2B", "AR", "AAB", "é"])
    func refusesAnythingNotCanonical(_ text: String) {
        // "AR" and "AAB" carry set bits past the last whole byte: another spelling of "AQ" and "AAA".
        #expect(Base64URL.decode(text) == nil)
    }
}
