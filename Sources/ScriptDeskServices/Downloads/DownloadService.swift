public import Foundation
public import ScriptDeskCore
public import ScriptDeskDelivery
public import ScriptDeskStore

/// Downloads through signed links, of one copy (`/d/{token}`) or a bundle (`/z/{token}`):
/// the token's signature and key, then the download grant (live, for the right centre,
/// content unchanged, allowance left), every refusal counted in the audit with the status it
/// is answered with, and every download recorded in one place.
public struct DownloadService: Sendable {
    let database: Database
    let signer: LinkSigner
    let area: any DownloadArea
    /// How early a link may be used before its not-before time (servers' clocks may disagree).
    let clockSkew: TimeInterval
    let clock: WallClock
    let recorder: DownloadRecorder
    let refusals: RefusalLimiter
    private let links = DownloadLinks()
    private let bundles = DownloadBundles()
    private let requests = ScriptRequests()

    /// Checks tokens with `signer` against the links in `database`, allowing `clockSkew`
    /// seconds before a link's start, and serves copies from `area`; every download and refusal
    /// goes to `recorder`, and an address with too many refusals is held off by `refusals`.
    public init(
        database: Database,
        signer: LinkSigner,
        area: any DownloadArea,
        clockSkew: TimeInterval,
        clock: WallClock,
        recorder: DownloadRecorder,
        refusals: RefusalLimiter
    ) {
        self.refusals = refusals
        self.database = database
        self.signer = signer
        self.area = area
        self.clockSkew = clockSkew
        self.clock = clock
        self.recorder = recorder
    }

    /// A copy a checked link opens, for one download.
    public struct CopyTicket: Sendable {
        /// The link the token named.
        public var link: DownloadLink
        /// The request whose copy it opens.
        public var request: ScriptRequest
        /// The copy as published now.
        public var copy: ScriptRequest.PublishedCopy
        /// What the link allows: the bytes left of its allowance, if it has one.
        public var grant: DownloadGrant
        /// When the link was checked: every record of this download carries this time.
        public var at: Date
        /// The client's address, for the audit.
        public var clientAddress: String
        /// The bytes reserved for this download against the link's allowance; what is not
        /// sent is given back when the download is recorded.
        public var reserved: Int64 = 0
    }

    /// Checks `token` for a download by `clientAddress`; a refusal (a `LinkRefusal`) is
    /// audited against its link, when it names one, before it is thrown.
    public func openCopy(token: String, from clientAddress: String) async throws -> CopyTicket {
        let now = clock.now
        try refusals.check(clientAddress, now: now)
        let claim = try counted(clientAddress, now) { () throws(LinkRefusal) in try signer.claim(in: token) }
        let found = try await database.lookup { db -> (DownloadLink, ScriptRequest, Int64)? in
            guard let (link, request) = try await links.findWithRequest(claim.linkID, on: db) else { return nil }
            let delivered = link.downloadAllowance == nil ? 0 : try await links.reservedBytes(through: link.id, on: db)
            return (link, request, delivered)
        }
        guard let (link, request, delivered) = found else {
            refusals.note(clientAddress, now: now)
            throw LinkRefusal.unknownLink
        }
        do throws(LinkRefusal) {
            try signer.verify(claim, link: link, now: now)
            let subject = DownloadGrant.Subject.copy(centre: request.centre, current: request.copy)
            let grant = try DownloadGrant.decide(link, opening: subject, delivered: delivered, now: now, clockSkew: clockSkew)
            guard let copy = request.copy, copy.byteCount > 0 else { throw LinkRefusal.contentChanged }
            return CopyTicket(link: link, request: request, copy: copy, grant: grant, at: now, clientAddress: clientAddress)
        } catch {
            await audit(error, on: .link(id: link.id, requestID: link.requestID), clientAddress: clientAddress, at: now)
            throw error
        }
    }

    /// Reserves the `bytes` about to be sent for the ticket's download against its link's
    /// allowance, in one statement, so downloads running at once cannot together deliver
    /// more than it allows; returns the ticket carrying the reservation. A link without an
    /// allowance reserves nothing and costs no statement. Bytes that do not fit are refused
    /// as a used allowance, audited as `openCopy` audits it.
    public func reserve(_ bytes: Int64, for ticket: CopyTicket) async throws -> CopyTicket {
        guard ticket.grant.remainingBytes != nil, let allowance = ticket.link.downloadAllowance else { return ticket }
        let limit = Int64(allowance) * ticket.copy.byteCount
        let linkID = ticket.link.id
        let fitted = try await database.writeStatement { db in
            try await links.reserve(bytes, through: linkID, limit: limit, on: db)
        }
        guard fitted else {
            let refusal = LinkRefusal.allowanceUsed(downloads: allowance)
            let link = RefusalTally.Subject.link(id: ticket.link.id, requestID: ticket.link.requestID)
            await audit(refusal, on: link, clientAddress: ticket.clientAddress, at: ticket.at)
            throw refusal
        }
        var reserved = ticket
        reserved.reserved += bytes
        return reserved
    }

    /// Counts a refused attempt on `subject` in the audit and against the client's address.
    private func audit(_ refusal: LinkRefusal, on subject: RefusalTally.Subject, clientAddress: String, at: Date) async {
        refusals.note(clientAddress, now: at)
        try? await recorder.record(.refused(RefusalTally(refusal, on: subject, from: clientAddress, at: at)))
    }

    /// How the ticket's copy reaches the client: a local file to stream, or a redirect.
    public func delivery(of ticket: CopyTicket) async throws -> StoredObjectDelivery {
        try await area.delivery(of: ticket.copy.objectID, fileName: ticket.link.fileName, now: ticket.at)
    }

    /// Records the download of `bytes` of the ticket's copy, answered with `status`, once it
    /// has ended; it is written with the recorder's next group (`recorded()` waits for it).
    /// The first download that delivers a byte moves the request to downloaded; the bytes
    /// reserved for it and not sent go back to the link's allowance.
    public func record(_ ticket: CopyTicket, bytes: Int64, status: Int) async throws {
        let download = DownloadLinks.Download(
            linkID: ticket.link.id,
            requestID: ticket.link.requestID,
            clientAddress: ticket.clientAddress,
            bytes: bytes,
            status: status,
            at: ticket.at
        )
        let released = max(0, ticket.reserved - bytes)
        try await recorder.record(.copy(download, first: ticket.request.status == .ready && bytes > 0, released: released))
    }

    /// Returns once every download and refusal recorded so far is written: a download is
    /// recorded once it has ended, and written with the next group a few milliseconds later.
    public func recorded() async {
        await recorder.written()
    }

    /// A bundle a checked link opens, for one download.
    public struct BundleTicket: Sendable {
        /// The bundle the token named, checked.
        public var bundle: DownloadBundle
        /// When the link was checked: every record of this download carries this time.
        public var at: Date
        /// The client's address, for the audit.
        public var clientAddress: String
        /// The bytes reserved for this download against the allowance of each copy's own
        /// link; what is not sent is given back when the download is recorded.
        public var reserved: [CopyReservation] = []
    }

    /// The bytes of one copy in a bundle reserved against the allowance of the copy's link.
    public struct CopyReservation: Sendable, Hashable {
        /// The request whose copy it is.
        public var requestID: String
        /// The copy's link (its newest), whose allowance the bytes count against.
        public var linkID: String
        /// The bytes reserved.
        public var bytes: Int64
    }

    /// Checks a bundle's `token` for a download by `clientAddress`, as `openCopy` does.
    public func openBundle(token: String, from clientAddress: String) async throws -> BundleTicket {
        let now = clock.now
        try refusals.check(clientAddress, now: now)
        let claim = try counted(clientAddress, now) { () throws(LinkRefusal) in try signer.claim(in: token) }
        let found = try await database.read { db -> (DownloadBundle, [ScriptRequest])? in
            guard let bundle = try await bundles.find(claim.linkID, on: db) else { return nil }
            let ids = bundle.items.map(\.requestID)
            let scope = RequestScope.centre(bundle.centre, kinds: Set(ScriptCopyKind.allCases))
            return (bundle, try await requests.published(ids: ids, scope: scope, limit: ids.count, on: db))
        }
        guard let (bundle, published) = found else {
            refusals.note(clientAddress, now: now)
            throw LinkRefusal.unknownLink
        }
        do throws(LinkRefusal) {
            try signer.verify(claim, link: bundle.link, now: now)
            let subject = DownloadGrant.Subject.bundle(
                centre: bundle.centre,
                items: bundle.items,
                manifestSHA256: ContentHash.sha256(Data(DownloadBundle.manifest(of: bundle.items).utf8)),
                current: Dictionary(uniqueKeysWithValues: published.compactMap { request in request.copy.map { (request.id, $0) } })
            )
            _ = try DownloadGrant.decide(bundle.link, opening: subject, delivered: 0, now: now, clockSkew: clockSkew)
            return BundleTicket(bundle: bundle, at: now, clientAddress: clientAddress)
        } catch {
            await audit(error, on: .bundle(id: bundle.id), clientAddress: clientAddress, at: now)
            throw error
        }
    }

    /// Reserves, before the first byte is sent, each copy of the ticket's bundle against the
    /// allowance of the copy's own (newest) link, all in one transaction: a bundle counts as
    /// a download of every copy in it, so bundling cannot get round a copy's allowance. When
    /// one copy's allowance has been delivered nothing is reserved, and the refusal names
    /// that copy's request and is audited as `openBundle` audits refusals.
    public func reserve(for ticket: BundleTicket) async throws -> BundleTicket {
        let items = ticket.bundle.items
        let reserved: [CopyReservation]
        do {
            reserved = try await database.transaction { db in
                let newest = try await links.latest(forRequests: items.map(\.requestID), on: db)
                var reserved: [CopyReservation] = []
                for item in items {
                    guard let link = newest[item.requestID], let allowance = link.downloadAllowance else { continue }
                    let limit = Int64(allowance) * item.byteCount
                    guard try await links.reserve(item.byteCount, through: link.id, limit: limit, on: db) else {
                        throw LinkRefusal.allowanceUsedInBundle(requestID: item.requestID, downloads: allowance)
                    }
                    reserved.append(CopyReservation(requestID: item.requestID, linkID: link.id, bytes: item.byteCount))
                }
                return reserved
            }
        } catch let refusal as LinkRefusal {
            await audit(refusal, on: .bundle(id: ticket.bundle.id), clientAddress: ticket.clientAddress, at: ticket.at)
            throw refusal
        }
        var ticket = ticket
        ticket.reserved = reserved
        return ticket
    }

    /// Runs `body` with a local file holding a stored object: the stored file itself, or a
    /// temporary copy fetched for the call.
    public func withLocalFile<T: Sendable>(of objectID: String, _ body: (String) async throws -> T) async throws -> T {
        try await area.withLocalFile(of: objectID, body)
    }

    /// Records the download of `bytes` of the ticket's bundle; `complete` when the whole ZIP
    /// went out, which counts as a download of every copy in it. `sent` is the bytes of each
    /// copy written into the ZIP, by request id: what was reserved for a copy and not sent
    /// goes back to its link's allowance.
    public func record(_ ticket: BundleTicket, bytes: Int64, sent: [String: Int64], complete: Bool) async throws {
        let bundle = ticket.bundle
        let delivered = complete ? bundle.items.map(\.requestID) : []
        let released = ticket.reserved.map { reservation in
            (linkID: reservation.linkID, bytes: reservation.bytes - min(reservation.bytes, sent[reservation.requestID] ?? 0))
        }
        try await recorder.record(
            .bundle(
                id: bundle.id,
                clientAddress: ticket.clientAddress,
                bytes: bytes,
                status: 200,
                at: ticket.at,
                delivered: delivered,
                released: released
            )
        )
    }

    /// Runs `body`, counting a refusal it throws against `address`.
    private func counted<T>(_ address: String, _ now: Date, _ body: () throws(LinkRefusal) -> T) throws(LinkRefusal) -> T {
        do {
            return try body()
        } catch {
            refusals.note(address, now: now)
            throw error
        }
    }
}
