import Configuration
public import ScriptDeskDelivery
public import ScriptDeskTransfer

/// Where published copies are kept: the local folder under the data root, or a bucket of
/// an S3-compatible object store when `SCRIPTDESK_S3_ENDPOINT` (and its companions) are set.
public enum DownloadAreaLocation: Sendable, CustomStringConvertible {
    /// `Storage/published/`.
    case local
    /// A bucket; presigned links last `presignLifetime` seconds.
    case objectStore(ObjectStoreConfiguration, keyPrefix: String, presignLifetime: Int)

    /// Opens the area; local copies of stored objects are fetched into the staging folder.
    public func open(storage: StorageLayout) throws -> any DownloadArea {
        switch self {
        case .local:
            return try LocalDownloadArea(root: storage.published)
        case .objectStore(let store, let keyPrefix, let presignLifetime):
            let configuration = try S3DownloadArea.Configuration(
                store: store,
                keyPrefix: keyPrefix,
                presignLifetime: presignLifetime,
                scratchFolder: storage.staging
            )
            return S3DownloadArea(configuration: configuration)
        }
    }

    /// What the area is, without any secret.
    public var description: String {
        switch self {
        case .local: "local folder"
        case .objectStore(let store, let keyPrefix, _): "object store \(store)" + (keyPrefix.isEmpty ? "" : ", prefix \(keyPrefix)")
        }
    }
}

extension Settings {
    /// Environment variables whose values are secrets: never logged or shown.
    static let secretVariables: Set<String> = [
        "SCRIPTDESK_DATABASE_URL", "SCRIPTDESK_S3_SECRET_KEY", "SCRIPTDESK_SMTP_URL", "SCRIPTDESK_SMTP_PASSWORD",
    ]

    /// The download area's location: local unless an S3 variable is set, and then every
    /// required one must be.
    static func downloadArea(from config: ConfigReader) throws -> DownloadAreaLocation {
        let endpoint = config.string(forKey: "scriptdesk.s3.endpoint")
        let bucket = config.string(forKey: "scriptdesk.s3.bucket")
        let accessKey = config.string(forKey: "scriptdesk.s3.access.key")
        let secretKey = config.string(forKey: "scriptdesk.s3.secret.key", isSecret: true)
        guard endpoint != nil || bucket != nil || accessKey != nil || secretKey != nil else { return .local }
        let required = [
            ("SCRIPTDESK_S3_ENDPOINT", endpoint), ("SCRIPTDESK_S3_BUCKET", bucket),
            ("SCRIPTDESK_S3_ACCESS_KEY", accessKey), ("SCRIPTDESK_S3_SECRET_KEY", secretKey),
        ]
        let missing = required.filter { $0.1?.isEmpty ?? true }.map(\.0)
        guard missing.isEmpty, let endpoint, let bucket, let accessKey, let secretKey else {
            throw SettingsError(message: "The download area on an object store also needs \(missing.joined(separator: ", ")).")
        }
        let pathStyleText = config.string(forKey: "scriptdesk.s3.path.style", default: "true").lowercased()
        guard let pathStyle = ["true": true, "1": true, "yes": true, "false": false, "0": false, "no": false][pathStyleText] else {
            throw SettingsError(message: "SCRIPTDESK_S3_PATH_STYLE must be true or false, not '\(pathStyleText)'.")
        }
        let lifetime = try number(
            config.string(forKey: "scriptdesk.s3.presign.seconds", default: "60"),
            name: "presigned link lifetime (SCRIPTDESK_S3_PRESIGN_SECONDS)",
            range: 1...ObjectStoreClient.maxPresignLifetime
        )
        do {
            let store = try ObjectStoreConfiguration(
                endpoint: endpoint,
                bucket: bucket,
                region: config.string(forKey: "scriptdesk.s3.region", default: "us-east-1"),
                accessKeyID: accessKey,
                secretAccessKey: secretKey,
                pathStyle: pathStyle
            )
            let prefix = config.string(forKey: "scriptdesk.s3.prefix", default: "")
            _ = try S3DownloadArea.Configuration(store: store, keyPrefix: prefix, presignLifetime: lifetime, scratchFolder: "")
            return .objectStore(store, keyPrefix: prefix, presignLifetime: lifetime)
        } catch {
            throw SettingsError(message: error.message)
        }
    }
}
