import ScriptDeskTransfer

extension DownloadAreaError {
    /// The download area's error for an object store's: a refusal of the credentials is
    /// `objectStoreDenied`, any other answer or failed connection `objectStore`, a local
    /// file's failure `io`, a file that is not what it was published as `contentMismatch`.
    init(_ error: ObjectStoreError) {
        switch error {
        case .refused(let operation, let key, let status, _) where error.isDenied:
            self = .objectStoreDenied(operation: operation, key: key, status: status, detail: error.reason)
        case .refused(let operation, let key, let status, _):
            self = .objectStore(operation: operation, key: key, status: status, detail: error.reason)
        case .unreachable(let operation, let key, _):
            self = .objectStore(operation: operation, key: key, status: 0, detail: error.reason)
        case .localIO(let operation, let path, let errno):
            self = .io(operation: operation, path: path, errno: errno)
        case .contentMismatch(_, let path, let sha256):
            self = .contentMismatch(path: path, sha256: sha256)
        }
    }
}
