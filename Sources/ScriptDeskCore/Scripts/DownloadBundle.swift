public import Foundation

/// Several published copies of one centre offered as one ZIP behind one signed link
/// (`/z/{token}`): all ready copies of a component, or a chosen set.
///
/// The bundle is its own link: the signature covers its id, the centre, its validity and
/// a hash over every item, so no copy can be added, swapped or renamed afterwards.
public struct DownloadBundle: Hashable, Sendable {
    /// One copy in the bundle, in the order it is written.
    public struct Item: Hashable, Sendable {
        /// The request whose copy it is.
        public var requestID: String
        /// The stored object.
        public var objectID: String
        /// The copy's SHA-256.
        public var sha256: String
        /// The copy's size.
        public var byteCount: Int64
        /// The entry's name inside the ZIP: safe and unique within the bundle.
        public var entryName: String

        /// An item as it is written into the ZIP.
        public init(requestID: String, objectID: String, sha256: String, byteCount: Int64, entryName: String) {
            self.requestID = requestID
            self.objectID = objectID
            self.sha256 = sha256
            self.byteCount = byteCount
            self.entryName = entryName
        }
    }

    /// The bundle's (and its link's) identifier, 32 lowercase hex digits.
    public var id: String
    /// The centre whose copies these are.
    public var centre: CentreNumber
    /// The signing key of its token.
    public var keyID: String
    /// The hash over the items (see `DownloadBundle.manifest`).
    public var contentSHA256: String
    /// The ZIP's file name.
    public var fileName: String
    /// Not valid before this instant.
    public var notBefore: Date
    /// Not valid after this instant.
    public var expiresAt: Date
    /// When it was withdrawn, if it was.
    public var revokedAt: Date?
    /// Who made it.
    public var createdBy: String
    /// When it was made.
    public var createdAt: Date
    /// The copies, in order.
    public var items: [Item]

    /// A bundle as stored; `contentSHA256` must be the SHA-256 of `manifest(of: items)`.
    public init(
        id: String,
        centre: CentreNumber,
        keyID: String,
        contentSHA256: String,
        fileName: String,
        notBefore: Date,
        expiresAt: Date,
        revokedAt: Date? = nil,
        createdBy: String,
        createdAt: Date,
        items: [Item]
    ) {
        self.id = id
        self.centre = centre
        self.keyID = keyID
        self.contentSHA256 = contentSHA256
        self.fileName = fileName
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.items = items
    }

    /// The bundle as the link its token signs.
    public var link: DownloadLink {
        DownloadLink(
            id: id,
            purpose: .bundle,
            requestID: id,
            keyID: keyID,
            objectID: "bundle",
            contentSHA256: contentSHA256,
            fileName: fileName,
            audience: centre,
            notBefore: notBefore,
            expiresAt: expiresAt,
            revokedAt: revokedAt,
            createdAt: createdAt
        )
    }

    /// The text the content hash is taken over: one line per item, every field, in order.
    public static func manifest(of items: [Item]) -> String {
        items.enumerated().map { position, item in
            "\(position)\t\(item.requestID)\t\(item.objectID)\t\(item.sha256)\t\(item.byteCount)\t\(item.entryName)\n"
        }.joined()
    }

    /// The whole ZIP's size is not known ahead; this is the sum of its copies.
    public var byteCount: Int64 { items.reduce(0) { $0 + $1.byteCount } }
}
