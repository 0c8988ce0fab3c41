import Foundation
import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskStore

/// Makes download links to published copies: the one a finished job offers, and new ones
/// a centre asks for when a link has expired, been withdrawn or used up its allowance.
/// Every link lives as long as the policy gives its kind of copy, under the ceiling.
public struct LinkIssuer: Sendable {
    let pipeline: Pipeline

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    /// A new link to `copy` of `request`, signed by the current key, from `now`.
    public func link(to copy: ScriptRequest.PublishedCopy, of request: ScriptRequest, now: Date) -> DownloadLink {
        DownloadLink(
            id: LinkSigner.newLinkID(),
            requestID: request.id,
            keyID: pipeline.signer.keyring.current.id,
            objectID: copy.objectID,
            contentSHA256: copy.sha256,
            fileName: copy.fileName,
            audience: request.centre,
            notBefore: now,
            expiresAt: now.addingTimeInterval(pipeline.policy.linkLifetime(for: request.kind)),
            downloadAllowance: pipeline.policy.linkDownloadAllowance,
            createdAt: now
        )
    }

    /// Issues and stores a new link to the published copy of request `id`, if `scope` sees
    /// it; `nil` when it does not. A request with no copy to offer is refused.
    public func reissue(_ id: String, scope: RequestScope, by actor: String) async throws -> (ScriptRequest, DownloadLink)? {
        let now = pipeline.now()
        let requests = ScriptRequests()
        return try await pipeline.database.transaction { db -> (ScriptRequest, DownloadLink)? in
            guard let request = try await requests.find(id, scope: scope, on: db) else { return nil }
            guard let copy = request.copy, request.status == .ready || request.status == .downloaded else {
                throw LinkIssueError.noCopy(status: request.status)
            }
            let link = link(to: copy, of: request, now: now)
            try await DownloadLinks().insert(link, on: db)
            let detail = "New download link issued to \(actor), valid until \(ISO8601.string(from: link.expiresAt))"
            try await requests.record(RequestEvent(at: now, status: request.status, detail: detail), for: id, from: [request.status], on: db)
            return (request, link)
        }
    }
}

/// Why no link could be issued.
public enum LinkIssueError: ScriptDeskError, Sendable, Hashable {
    /// The request has no published copy to link to.
    case noCopy(status: ScriptRequestStatus)

    public var code: String { "link.no_copy" }

    public var message: String {
        switch self {
        case .noCopy(let status): "This request has no copy to download (it is \(status.rawValue)); a link can be issued once it is ready."
        }
    }
}
