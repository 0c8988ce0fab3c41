import Foundation
public import ScriptDeskCore
import ScriptDeskStore

/// Withdrawing download links: one link (or bundle), every link of a request (with the
/// bundles that hold its copy), or every link and bundle made for a centre. The revocation
/// is stored with the links, so from the next request on every server process refuses
/// them; each request affected gets a timeline entry.
extension LinkService {
    /// What to withdraw.
    public enum Target: Sendable, Hashable, CustomStringConvertible {
        case link(String)
        case request(String)
        case centre(CentreNumber)

        /// `link <id>`, `request <id>` or `centre <number>`, for logs.
        public var description: String {
            switch self {
            case .link(let id): "link \(id)"
            case .request(let id): "request \(id)"
            case .centre(let centre): "centre \(centre)"
            }
        }
    }

    /// Withdraws `target`'s live links for `caller`; returns how many requests had links
    /// withdrawn. Another centre's link or request is indistinguishable from none.
    @discardableResult
    public func revoke(_ target: Target, by caller: Caller) async throws -> Int {
        let now = clock.now
        let requests = ScriptRequests()
        let links = DownloadLinks()
        let bundles = DownloadBundles()
        return try await database.transaction { db -> Int in
            let affected: [String]
            switch target {
            case .link(let id):
                if let bundle = try await bundles.find(id, on: db) {
                    try authorise(caller, .withdrawCentreLinks(bundle.centre), else: .linkNotFound(id))
                    affected = try await bundles.revoke(id, at: now, on: db) ? bundle.items.map(\.requestID) : []
                    break
                }
                let request = try await links.findWithRequest(id, on: db)?.request
                try authorise(caller, .withdrawLinks(request.map(RequestOwner.init)), else: .linkNotFound(id))
                guard let request else { throw LinkServiceError.linkNotFound(id) }
                affected = try await links.revoke(id, at: now, on: db) ? [request.id] : []
            case .request(let id):
                let request = try await requests.find(id, scope: .everyCentre, on: db)
                try authorise(caller, .withdrawLinks(request.map(RequestOwner.init)), else: .requestNotFound(id))
                try await bundles.revokeAll(holding: id, at: now, on: db)
                affected = try await links.revokeAll(forRequest: id, at: now, on: db) > 0 ? [id] : []
            case .centre(let centre):
                try authorise(caller, .withdrawCentreLinks(centre), else: .centreNotFound(centre))
                try await bundles.revokeAll(forCentre: centre, at: now, on: db)
                affected = try await links.revokeAll(forCentre: centre, at: now, on: db)
            }
            for id in affected {
                guard let request = try await requests.find(id, scope: .everyCentre, on: db) else { continue }
                let detail = "Download links withdrawn by \(caller.timelineName)"
                try await requests.record(RequestEvent(at: now, status: request.status, detail: detail), for: id, from: [request.status], on: db)
            }
            return affected.count
        }
    }

    private func authorise(_ caller: Caller, _ action: AccessPolicy.Action, else notFound: LinkServiceError) throws(LinkServiceError) {
        switch access.decide(caller, action) {
        case .allowed: return
        case .notFound: throw notFound
        case .forbidden(let reason): throw .forbidden(reason)
        }
    }
}
