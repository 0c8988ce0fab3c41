import ArgumentParser
import Foundation
import ScriptDeskCore
import ScriptDeskDelivery

/// `scriptdesk-bench token-verify`: what checking one download token costs, without the
/// database: `LinkSigner.claim(in:)` (shape, base64url, key id) then `verify(_:link:now:)`
/// (HMAC-SHA256 over the link's canonical tuple, compared in constant time, then the
/// validity window), on one thread, after a warm-up. Prints one JSON object.
struct TokenVerifyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token-verify",
        abstract: "Time LinkSigner.claim(in:) plus verify(_:link:now:) per token; print microseconds as JSON."
    )

    @Option(help: "Verifications per round.")
    var iterations = 100_000

    @Option(help: "Timed rounds; the median round is reported.")
    var rounds = 5

    @Option(help: "Verifications before timing starts.")
    var warmup = 20_000

    func run() throws {
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("scriptdesk-bench-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let signer = LinkSigner(keyring: try SigningKeyring.loadOrCreate(folder: keys))
        let now = WallClock.system.now
        let sha256 = String(repeating: "5e", count: 32)
        // A link as the pipeline makes one for a priority copy.
        let link = DownloadLink(
            id: LinkSigner.newLinkID(),
            requestID: UUID().uuidString.lowercased(),
            keyID: signer.keyring.current.id,
            objectID: "\(sha256).pdf",
            contentSHA256: sha256,
            fileName: "2026-06_H240-01_10001_0001_priority.pdf",
            audience: CentreNumber("10001")!,
            notBefore: now,
            expiresAt: now + 3 * 86_400,
            createdAt: now
        )
        let token = try signer.token(for: link)

        var checked = 0
        func verify(_ count: Int) throws {
            for _ in 0..<count {
                let claim = try signer.claim(in: token)
                try signer.verify(claim, link: link, now: now)
                checked &+= claim.linkID.utf8.count
            }
        }
        try verify(warmup)
        let clock = ContinuousClock()
        var perRound: [Double] = []
        var claimOnly: [Double] = []
        for _ in 0..<max(rounds, 1) {
            let start = clock.now
            try verify(iterations)
            perRound.append((clock.now - start).timeInterval * 1e6 / Double(iterations))
            let claimStart = clock.now
            for _ in 0..<iterations { checked &+= try signer.claim(in: token).keyID.utf8.count }
            claimOnly.append((clock.now - claimStart).timeInterval * 1e6 / Double(iterations))
        }
        guard checked > 0 else { throw BenchError("nothing was verified") }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        let result: [String: JSONValue] = [
            "token_verify_us": .number((median(perRound) * 1000).rounded() / 1000),
            "token_claim_us": .number((median(claimOnly) * 1000).rounded() / 1000),
            "iterations": .number(Double(iterations)),
            "rounds": .number(Double(perRound.count)),
        ]
        print(JSONValue.object(result).text)
    }
}
