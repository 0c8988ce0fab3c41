/// A fetch setting that cannot be used as written: found when it is parsed, before any transfer.
public enum TransferConfigurationError: Error, Sendable, Hashable {
    /// A network range in CIDR notation could not be read.
    case invalidNetwork(String, reason: String)
    /// An archive URL template could not be read.
    case invalidTemplate(String, reason: String)
    /// A value cannot be placed in an archive URL template.
    case invalidValue(field: String, reason: String)
    /// An object store setting (endpoint, bucket, region, credentials) cannot be used.
    case invalidObjectStore(field: String, reason: String)

    /// A stable code.
    public var code: String {
        switch self {
        case .invalidNetwork: "transfer.config.invalid_network"
        case .invalidTemplate: "transfer.config.invalid_template"
        case .invalidValue: "transfer.config.invalid_value"
        case .invalidObjectStore: "transfer.config.invalid_object_store"
        }
    }

    /// A sentence for a person.
    public var message: String {
        switch self {
        case .invalidNetwork(let text, let reason):
            "The network range '\(text)' is not valid CIDR: \(reason). Write it like 10.0.0.0/8 or fd00::/8."
        case .invalidTemplate(let text, let reason):
            "The archive URL template '\(TransferURL.redact(text))' is not valid: \(reason)."
        case .invalidValue(let field, let reason):
            "The \(field) cannot be placed in the archive URL: \(reason)."
        case .invalidObjectStore(let field, let reason):
            "The object store's \(field) cannot be used: \(reason)."
        }
    }
}
