public import Foundation
public import ScriptDeskCore
public import ScriptDeskDelivery
public import ScriptDeskStore

/// Download links to published copies: the one a finished job offers, new ones a centre asks
/// for when a link has expired, been withdrawn or used up its allowance, and the tokens that
/// carry them. Every link lives as long as the policy gives its kind of copy, under the ceiling.
public struct LinkService: Sendable {
    let database: Database
    let signer: LinkSigner
    let rules: Policy
    let access: AccessPolicy
    let clock: WallClock
    private let requests = ScriptRequests()
    private let links = DownloadLinks()

    /// Stores links in `database`, signed by `signer`, living as `rules` says, for the requests
    /// `access` lets a caller see.
    public init(database: Database, signer: LinkSigner, rules: Policy, access: AccessPolicy, clock: WallClock) {
        self.database = database
        self.signer = signer
        self.rules = rules
        self.access = access
        self.clock = clock
    }

    /// A new link to `copy` of `request`, signed by the current key, from `now`.
    public func newLink(to copy: ScriptRequest.PublishedCopy, of request: ScriptRequest, now: Date) -> DownloadLink {
        DownloadLink(
            id: LinkSigner.newLinkID(),
            requestID: request.id,
            keyID: signer.keyring.current.id,
            objectID: copy.objectID,
            contentSHA256: copy.sha256,
            fileName: copy.fileName,
            audience: request.centre,
            notBefore: now,
            expiresAt: now.addingTimeInterval(rules.linkLifetime(for: request.kind)),
            downloadAllowance: rules.linkDownloadAllowance,
            createdAt: now
        )
    }

    /// Records `link` in the caller's transaction.
    public func store(_ link: DownloadLink, in transaction: StoreConnection) async throws {
        try await links.insert(link, on: transaction)
    }

    /// The token that opens `link`.
    public func token(for link: DownloadLink) throws -> String {
        try signer.token(for: link)
    }

    /// A link just issued, with its token and the request it opens.
    public struct Issued: Sendable {
        /// The request the link opens.
        public var request: ScriptRequest
        /// The link as stored.
        public var link: DownloadLink
        /// The token that opens it, for `/d/{token}`; never stored.
        public var token: String
    }

    /// Issues and stores a new link to the published copy of request `id`, for `caller`,
    /// who must be able to see the request.
    public func reissue(_ id: String, by caller: Caller) async throws -> Issued {
        let now = clock.now
        let (request, link) = try await database.transaction { db -> (ScriptRequest, DownloadLink) in
            let found = try await requests.find(id, scope: .everyCentre, on: db)
            guard access.decide(caller, .viewRequest(found.map(RequestOwner.init))) == .allowed, let request = found else {
                throw LinkServiceError.requestNotFound(id)
            }
            guard let copy = request.copy, request.status == .ready || request.status == .downloaded else {
                throw LinkServiceError.noCopy(status: request.status)
            }
            let link = newLink(to: copy, of: request, now: now)
            let detail = "New download link issued to \(caller.timelineName), valid until \(ISO8601.string(from: link.expiresAt))"
            // The timeline entry goes first: its update holds the request's row, so a purge
            // that has expired the request (or is doing so) is waited for and seen, and no
            // link is stored to a copy being deleted.
            let event = RequestEvent(at: now, status: request.status, detail: detail)
            guard try await requests.record(event, for: id, from: [request.status], on: db) else {
                let current = try await requests.find(id, scope: .everyCentre, on: db)?.status ?? request.status
                throw LinkServiceError.noCopy(status: current)
            }
            try await links.insert(link, on: db)
            return (request, link)
        }
        return Issued(request: request, link: link, token: try token(for: link))
    }

    /// The live link of a request's published copy, with its token, as its details offer it:
    /// `nil` while the request has no copy to download or its newest link has lapsed.
    public func offer(for request: ScriptRequest, newest link: DownloadLink?) throws -> Issued? {
        guard request.copy != nil, let link, link.revokedAt == nil, link.expiresAt > clock.now,
            request.status == .ready || request.status == .downloaded
        else { return nil }
        return Issued(request: request, link: link, token: try token(for: link))
    }
}
