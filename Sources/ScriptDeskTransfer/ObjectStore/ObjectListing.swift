public import Foundation
import ScriptDeskCore

/// One page of a bucket's objects under a prefix, as ListObjectsV2 answers: each object's
/// key, size and last change, and the token that asks for the next page.
public struct ObjectListing: Sendable, Hashable {
    /// One object in the bucket.
    public struct Object: Sendable, Hashable {
        /// Its key in the bucket.
        public var key: String
        /// When it was last written.
        public var lastModified: Date
        /// Its size in bytes.
        public var size: Int64

        /// An object under `key`, of `size` bytes, last written at `lastModified`.
        public init(key: String, lastModified: Date, size: Int64) {
            self.key = key
            self.lastModified = lastModified
            self.size = size
        }
    }

    /// The objects on this page, in key order.
    public var objects: [Object]
    /// What asks for the next page; nil on the last.
    public var continuationToken: String?

    /// A page of `objects`, followed by the page `continuationToken` asks for, if any.
    public init(objects: [Object], continuationToken: String?) {
        self.objects = objects
        self.continuationToken = continuationToken
    }

    /// Reads a `ListBucketResult` document. A truncated listing without a token for the next
    /// page, and an object without a key or a readable time, are malformed.
    static func parse(_ body: [UInt8]) throws(XMLLeaves.Malformed) -> ObjectListing {
        let leaves = try XMLLeaves.read(body)
        guard let root = leaves.first?.path.first, root == "ListBucketResult" else {
            throw XMLLeaves.Malformed(reason: "it is not a ListBucketResult")
        }
        var truncated = false
        var token: String?
        var fields: [(parent: Int, values: [String: String])] = []
        for leaf in leaves {
            switch leaf.path.dropFirst().first {
            case "IsTruncated" where leaf.path.count == 2: truncated = leaf.text == "true"
            case "NextContinuationToken" where leaf.path.count == 2: token = leaf.text.isEmpty ? nil : leaf.text
            case "Contents" where leaf.path.count == 3:
                if fields.last?.parent != leaf.parent { fields.append((leaf.parent, [:])) }
                fields[fields.count - 1].values[leaf.path[2]] = leaf.text
            default: continue
            }
        }
        let objects = try fields.map { _, values throws(XMLLeaves.Malformed) in
            guard let key = values["Key"], !key.isEmpty else { throw XMLLeaves.Malformed(reason: "an object has no key") }
            guard let modified = values["LastModified"].flatMap(ISO8601.date(from:)) else {
                throw XMLLeaves.Malformed(reason: "\(key) has no readable LastModified")
            }
            return Object(key: key, lastModified: modified, size: values["Size"].flatMap { Int64($0) } ?? 0)
        }
        guard !truncated || token != nil else { throw XMLLeaves.Malformed(reason: "it is truncated but names no next page") }
        return ObjectListing(objects: objects, continuationToken: truncated ? token : nil)
    }
}
