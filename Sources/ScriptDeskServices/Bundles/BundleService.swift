import Foundation
public import ScriptDeskCore
public import ScriptDeskDelivery
public import ScriptDeskStore

/// Makes bundles: every copy ready to download of one component, or a chosen set of
/// requests, for one centre, behind one signed link that lives as long as the shortest
/// link policy gives any copy in it. A caller bundles only the copies they may see.
public struct BundleService: Sendable {
    /// What to put in a bundle.
    public enum Selection: Sendable, Hashable {
        /// Every copy of a component in a series that the caller may see.
        case component(series: String, component: String)
        /// These requests, each of which must have a copy to download.
        case requests([String])
    }

    /// The most copies one bundle holds.
    public static let itemLimit = 1_000

    let database: Database
    let signer: LinkSigner
    let rules: Policy
    let access: AccessPolicy
    let clock: WallClock

    /// Stores bundles in `database`, signed by `signer`, with lifetimes from `rules`, for the
    /// copies `access` lets a caller see.
    public init(database: Database, signer: LinkSigner, rules: Policy, access: AccessPolicy, clock: WallClock) {
        self.database = database
        self.signer = signer
        self.rules = rules
        self.access = access
        self.clock = clock
    }

    /// A bundle just made, with the token of its link.
    public struct Made: Sendable {
        /// The bundle as stored.
        public var bundle: DownloadBundle
        /// The token of its link, for `/z/{token}`; shown to the caller, never stored.
        public var token: String
    }

    /// Makes and stores a bundle of `selection` as `caller` sees it.
    public func make(_ selection: Selection, for caller: Caller) async throws(BundleError) -> Made {
        let scope = access.requestScope(for: caller)
        let now = clock.now
        do {
            let bundle = try await database.transaction { db -> DownloadBundle in
                let found: [ScriptRequest]
                let name: String
                switch selection {
                case .component(let series, let component):
                    found = try await ScriptRequests().published(
                        series: series,
                        component: component,
                        scope: scope,
                        limit: Self.itemLimit + 1,
                        on: db
                    )
                    name = "\(series)_\(component)"
                case .requests(let ids):
                    let unique = Array(Set(ids))
                    guard !unique.isEmpty else { throw BundleError.empty }
                    guard unique.count <= Self.itemLimit else { throw BundleError.tooMany(limit: Self.itemLimit) }
                    found = try await ScriptRequests().published(ids: unique, scope: scope, limit: Self.itemLimit, on: db)
                    let missing = Set(unique).subtracting(found.map(\.id))
                    if let first = missing.sorted().first { throw BundleError.notDownloadable(requestID: first, count: missing.count) }
                    name = "selection"
                }
                guard found.count <= Self.itemLimit else { throw BundleError.tooMany(limit: Self.itemLimit) }
                guard let centre = Set(found.map(\.centre)).onlyElement else {
                    throw found.isEmpty ? BundleError.empty : BundleError.severalCentres
                }
                let bundle = makeBundle(of: found, centre: centre, name: name, by: caller, now: now)
                try await DownloadBundles().insert(bundle, on: db)
                return bundle
            }
            return Made(bundle: bundle, token: try signer.token(for: bundle.link))
        } catch let error as BundleError {
            throw error
        } catch {
            throw .storage(String(describing: error))
        }
    }

    private func makeBundle(of requests: [ScriptRequest], centre: CentreNumber, name: String, by caller: Caller, now: Date) -> DownloadBundle {
        var names = ZIPEntryNames()
        let items = requests.compactMap { request -> DownloadBundle.Item? in
            guard let copy = request.copy else { return nil }
            return DownloadBundle.Item(
                requestID: request.id,
                objectID: copy.objectID,
                sha256: copy.sha256,
                byteCount: copy.byteCount,
                entryName: names.name(for: copy.fileName).value
            )
        }
        let lifetime = Set(requests.map(\.kind)).map { rules.linkLifetime(for: $0) }.min() ?? 0
        return DownloadBundle(
            id: LinkSigner.newLinkID(),
            centre: centre,
            keyID: signer.keyring.current.id,
            contentSHA256: ContentHash.sha256(Data(DownloadBundle.manifest(of: items).utf8)),
            fileName: ZIPEntryName(cleaning: "\(name)_\(centre.rawValue).zip").value,
            notBefore: now,
            expiresAt: now.addingTimeInterval(lifetime),
            createdBy: caller.id,
            createdAt: now,
            items: items
        )
    }
}

/// Why a bundle could not be made.
public enum BundleError: ScriptDeskError, Sendable, Hashable {
    /// Nothing to put in it.
    case empty
    /// More copies than one bundle holds.
    case tooMany(limit: Int)
    /// A chosen request has no copy to download, or is not the caller's to see.
    case notDownloadable(requestID: String, count: Int)
    /// The chosen requests belong to more than one centre (operations only).
    case severalCentres
    /// The database failed.
    case storage(String)

    /// The `bundle.*` code of the refusal.
    public var code: String {
        switch self {
        case .empty: "bundle.empty"
        case .tooMany: "bundle.too_many"
        case .notDownloadable: "bundle.not_downloadable"
        case .severalCentres: "bundle.several_centres"
        case .storage: "bundle.storage"
        }
    }

    /// What to change in the selection; for a storage failure, only to try again.
    public var message: String {
        switch self {
        case .empty: "There are no copies ready to download in that selection."
        case .tooMany(let limit): "A bundle holds at most \(limit) copies; choose fewer, or one component at a time."
        case .notDownloadable(let id, let count):
            "Request \(id)\(count > 1 ? " and \(count - 1) more" : "") has no copy ready to download for your centre; leave it out."
        case .severalCentres: "A bundle holds one centre's copies; choose requests of one centre."
        case .storage: "The bundle could not be stored; try again."
        }
    }
}

extension Set {
    /// The element of a one-element set, else `nil`.
    fileprivate var onlyElement: Element? { count == 1 ? first : nil }
}
