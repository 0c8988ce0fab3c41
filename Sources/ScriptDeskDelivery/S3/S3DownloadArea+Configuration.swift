public import ScriptDeskTransfer

extension S3DownloadArea {
    /// The bucket, where in it the objects go, how long presigned links last, and where
    /// objects are fetched to when a local copy is needed.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible {
        /// How to reach the bucket (endpoint, region, credentials, addressing, limits).
        public var store: ObjectStoreConfiguration
        /// Put before every key, such as `scriptdesk/`; empty for the bucket's root.
        public var keyPrefix: String
        /// Seconds a presigned download URL lasts, from 1 to 60.
        public var presignLifetime: Int
        /// The folder temporary local copies are written to (the staging folder).
        public var scratchFolder: String

        /// Checks the prefix (segments of A-Z a-z 0-9 - _ . ~, no `.` or `..`; a trailing
        /// `/` is added) and the lifetime.
        public init(
            store: ObjectStoreConfiguration,
            keyPrefix: String = "",
            presignLifetime: Int = 60,
            scratchFolder: String
        ) throws(TransferConfigurationError) {
            let segments = keyPrefix.split(separator: "/", omittingEmptySubsequences: false)
            let trimmed = keyPrefix.hasSuffix("/") ? segments.dropLast() : segments[...]
            let validSegments = trimmed.allSatisfy { segment in
                !segment.isEmpty && segment != "." && segment != ".."
                    && segment.utf8.allSatisfy {
                        (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || "-_.~".utf8.contains($0)
                    }
            }
            guard keyPrefix.isEmpty || validSegments else {
                throw .invalidObjectStore(field: "key prefix", reason: "'\(keyPrefix)' must be path segments of A-Z, a-z, 0-9, '-', '_', '.' and '~'")
            }
            guard (1...ObjectStoreClient.maxPresignLifetime).contains(presignLifetime) else {
                throw .invalidObjectStore(
                    field: "presign lifetime",
                    reason: "it must be from 1 to \(ObjectStoreClient.maxPresignLifetime) seconds, not \(presignLifetime)"
                )
            }
            self.store = store
            self.keyPrefix = keyPrefix.isEmpty || keyPrefix.hasSuffix("/") ? keyPrefix : keyPrefix + "/"
            self.presignLifetime = presignLifetime
            self.scratchFolder = scratchFolder
        }

        /// The store, the prefix and the lifetime; never the secret.
        public var description: String {
            "\(store), prefix '\(keyPrefix)', links for \(presignLifetime) s"
        }
    }
}
