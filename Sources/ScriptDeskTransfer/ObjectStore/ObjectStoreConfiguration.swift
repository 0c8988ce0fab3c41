/// How to reach one bucket of an S3-compatible object store. The secret access key is
/// never part of a description, message or log line.
public struct ObjectStoreConfiguration: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The store's address.
    public var endpoint: ObjectStoreEndpoint
    /// The bucket that holds the objects.
    public var bucket: String
    /// The region requests are signed for (`us-east-1` for most self-hosted stores).
    public var region: String
    /// The access key id.
    public var accessKeyID: String
    /// The secret access key; only libcurl and the presigner read it.
    public var secretAccessKey: String
    /// `endpoint/bucket/key` (path-style, as SeaweedFS and MinIO need) rather than
    /// `bucket.endpoint/key` (virtual-hosted).
    public var pathStyle: Bool
    /// Limits and connection rules of each request. Requests go to the endpoint's host only
    /// and follow no redirect, whatever the policy says.
    public var policy: FetchPolicy

    /// Checks the values; `policy` defaults to `FetchPolicy.objectStore(at:)`.
    public init(
        endpoint: String,
        bucket: String,
        region: String = "us-east-1",
        accessKeyID: String,
        secretAccessKey: String,
        pathStyle: Bool = true,
        policy: FetchPolicy? = nil
    ) throws(TransferConfigurationError) {
        let endpoint = try ObjectStoreEndpoint(endpoint)
        let bucketCharacters = bucket.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 46 }
        guard (3...63).contains(bucket.count), bucketCharacters, !bucket.hasPrefix("."), !bucket.hasSuffix(".") else {
            throw .invalidObjectStore(field: "bucket", reason: "'\(bucket)' is not a bucket name (3 to 63 of a-z, 0-9, '.' and '-')")
        }
        guard !region.isEmpty, region.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 45 }) else {
            throw .invalidObjectStore(field: "region", reason: "'\(region)' is not a region name (a-z, 0-9 and '-', like us-east-1)")
        }
        guard !accessKeyID.isEmpty, accessKeyID.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != 58 && $0 != 47 }) else {
            throw .invalidObjectStore(field: "access key id", reason: "it must be printable ASCII without spaces, ':' or '/'")
        }
        guard !secretAccessKey.isEmpty, secretAccessKey.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw .invalidObjectStore(field: "secret access key", reason: "it must be printable ASCII without spaces")
        }
        guard pathStyle || !endpoint.isAddress else {
            throw .invalidObjectStore(field: "addressing", reason: "an endpoint given as an IP address needs path-style addressing")
        }
        self.endpoint = endpoint
        self.bucket = bucket
        self.region = region
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.pathStyle = pathStyle
        self.policy = policy ?? .objectStore(at: endpoint)
    }

    /// The host requests for this bucket go to, as the `Host` header carries it.
    var requestHost: String {
        pathStyle ? endpoint.authority() : endpoint.authority(prefixedBy: bucket)
    }

    /// The URI-encoded path of `key` (each segment encoded, its `/` kept).
    func encodedPath(of key: String) -> String {
        (pathStyle ? "/\(bucket)/" : "/") + SigV4.encode(key, keepingSlashes: true)
    }

    /// The bucket's own URL, which ListObjectsV2 asks, without a query.
    var bucketURL: String {
        "\(endpoint.scheme)://\(requestHost)" + (pathStyle ? "/\(bucket)" : "/")
    }

    /// The URL of `key`, without a query.
    func url(of key: String) -> String {
        "\(endpoint.scheme)://\(requestHost)\(encodedPath(of: key))"
    }

    /// The endpoint, bucket, region and access key id; never the secret.
    public var description: String {
        "\(endpoint) bucket \(bucket) (\(region), \(pathStyle ? "path-style" : "virtual-hosted"), access key \(accessKeyID))"
    }

    /// As `description`: `debugPrint` and string interpolation of the value stay secret-free.
    public var debugDescription: String { description }

    /// The fields without the secret, for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(self, children: ["endpoint": endpoint, "bucket": bucket, "region": region, "accessKeyID": accessKeyID, "pathStyle": pathStyle])
    }
}
