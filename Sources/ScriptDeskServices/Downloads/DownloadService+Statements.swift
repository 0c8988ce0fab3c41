public import Foundation
public import ScriptDeskCore
public import ScriptDeskDelivery
import ScriptDeskStore

extension DownloadService {
    /// A statement of results a checked link opens, for one download.
    public struct StatementTicket: Sendable {
        /// The link the token named.
        public var link: DownloadLink
        /// The statement it opens.
        public var statement: Statement
        /// The statement's PDF as published.
        public var published: Statement.Published
        /// When the link was checked.
        public var at: Date
    }

    /// Checks a statement's `token` for a download by `clientAddress`: the same signature
    /// and the same grant (live, for the right centre, content unchanged) as a copy's link.
    /// A refusal counts against the address as a copy link's does.
    public func openStatement(token: String, from clientAddress: String) async throws -> StatementTicket {
        let now = clock.now
        try refusals.check(clientAddress, now: now)
        do {
            let claim = try signer.claim(in: token)
            guard let (link, statement) = try await database.lookup({ try await Statements().findLink(claim.linkID, on: $0) }) else {
                throw LinkRefusal.unknownLink
            }
            try signer.verify(claim, link: link, now: now)
            let current = statement.published.map {
                ScriptRequest.PublishedCopy(
                    objectID: $0.objectID,
                    sha256: $0.sha256,
                    byteCount: $0.byteCount,
                    pageCount: $0.pageCount,
                    fileName: statement.fileName
                )
            }
            _ = try DownloadGrant.decide(
                link,
                opening: .copy(centre: statement.centre, current: current),
                delivered: 0,
                now: now,
                clockSkew: clockSkew
            )
            guard let published = statement.published else { throw LinkRefusal.contentChanged }
            return StatementTicket(link: link, statement: statement, published: published, at: now)
        } catch let refusal as LinkRefusal {
            refusals.note(clientAddress, now: now)
            throw refusal
        }
    }

    /// How the ticket's statement reaches the client: a local file to send, or a redirect.
    public func delivery(of ticket: StatementTicket) async throws -> StoredObjectDelivery {
        try await area.delivery(of: ticket.published.objectID, fileName: ticket.link.fileName, now: ticket.at)
    }
}
