import Foundation

/// A published object in the download area.
public struct StoredObject: Sendable, Hashable {
    /// The object's identifier, derived from its content: `<sha256>.<kind>`.
    public var objectID: String
    /// Its size in bytes.
    public var byteCount: Int64

    /// An object as published: its `<sha256>.<kind>` id and its size in bytes.
    public init(objectID: String, byteCount: Int64) {
        self.objectID = objectID
        self.byteCount = byteCount
    }

    /// The object's key inside any download area, `ab/abcdef….pdf` for a file whose SHA-256
    /// starts `abcdef`. Anything that is not an id this area makes (a path, upper case, the
    /// wrong length or kind) is refused, so no id from outside can name another file.
    public static func key(of objectID: String) throws(DownloadAreaError) -> String {
        let kind = StoredObjectKind.allCases.first { objectID.hasSuffix(".\($0.rawValue)") }
        let hex = kind.map { objectID.dropLast($0.rawValue.count + 1) } ?? ""
        guard hex.count == 64, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw .invalidObjectID(objectID)
        }
        return "\(hex.prefix(2))/\(objectID)"
    }
}

/// What a stored object is: its id ends with the kind's extension.
public enum StoredObjectKind: String, Sendable, CaseIterable {
    /// A script copy.
    case pdf
    /// A thumbnail of a copy's first page.
    case png

    /// The media type the object is served as.
    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        }
    }
}
