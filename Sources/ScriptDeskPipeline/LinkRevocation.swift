import Foundation
import ScriptDeskCore
import ScriptDeskStore

/// Withdraws download links: one link (or bundle), every link of a request (with the
/// bundles that hold its copy), or every link and bundle made for a centre. The revocation
/// is stored with the links, so from the next request on every server process refuses
/// them; each request affected gets a timeline entry.
public struct LinkRevocation: Sendable {
    /// What to withdraw.
    public enum Target: Sendable, Hashable {
        case link(String)
        case request(String)
        case centre(CentreNumber)
    }

    let pipeline: Pipeline
    private let links = DownloadLinks()
    private let bundles = DownloadBundles()
    private let requests = ScriptRequests()

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    /// Withdraws `target`'s live links, as `actor` (for the timeline), seen through `scope`.
    /// Returns how many requests had links withdrawn, or `nil` when the scope cannot see
    /// the target (so another centre's link or request is indistinguishable from none).
    public func revoke(_ target: Target, scope: RequestScope, by actor: String) async throws -> Int? {
        let now = pipeline.now()
        return try await pipeline.database.transaction { db -> Int? in
            let affected: [String]
            switch target {
            case .link(let id):
                if let bundle = try await bundles.find(id, on: db) {
                    guard scope.coversWholly(bundle.centre) else { return nil }
                    affected = try await bundles.revoke(id, at: now, on: db) ? bundle.items.map(\.requestID) : []
                    break
                }
                guard let link = try await links.find(id, on: db),
                    try await requests.find(link.requestID, scope: scope, on: db) != nil
                else { return nil }
                affected = try await links.revoke(id, at: now, on: db) ? [link.requestID] : []
            case .request(let id):
                guard try await requests.find(id, scope: scope, on: db) != nil else { return nil }
                try await bundles.revokeAll(holding: id, at: now, on: db)
                affected = try await links.revokeAll(forRequest: id, at: now, on: db) > 0 ? [id] : []
            case .centre(let centre):
                guard scope.coversWholly(centre) else { return nil }
                try await bundles.revokeAll(forCentre: centre, at: now, on: db)
                affected = try await links.revokeAll(forCentre: centre, at: now, on: db)
            }
            for id in affected {
                guard let request = try await requests.find(id, scope: .everyCentre, on: db) else { continue }
                let detail = "Download links withdrawn by \(actor)"
                try await requests.record(RequestEvent(at: now, status: request.status, detail: detail), for: id, from: [request.status], on: db)
            }
            return affected.count
        }
    }
}
