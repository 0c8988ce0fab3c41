public import ScriptDeskCore

/// Why a ZIP archive being streamed refused to go on.
public enum ZIPStreamError: ScriptDeskError, Sendable, Hashable {
    /// An entry or a second end was asked for after `finish()` wrote the end records.
    case finished
    /// An earlier entry stopped part-way (its contents or the output failed), so the bytes
    /// already sent cannot become a valid archive.
    case interrupted
    /// The archive already holds this name, or one that differs from it only in case.
    case duplicateName(ZIPEntryName)

    /// The `bundle.*` code of the refusal.
    public var code: String {
        switch self {
        case .finished: "bundle.finished"
        case .interrupted: "bundle.interrupted"
        case .duplicateName: "bundle.duplicate_name"
        }
    }

    /// Why the archive cannot go on, and what to do.
    public var message: String {
        switch self {
        case .finished: "The archive is already complete; nothing more can be added to it."
        case .interrupted: "An earlier file in the archive failed part-way, so the archive cannot be completed; start the download again."
        case .duplicateName(let name): "The archive already holds a file named \"\(name.value)\" (ignoring case); give each file its own name."
        }
    }
}
