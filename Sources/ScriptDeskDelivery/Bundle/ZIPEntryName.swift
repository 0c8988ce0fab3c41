/// A name inside the archive that is safe to unpack anywhere: a single file name (no
/// directories, no `..`, no leading dot), without control, bidirectional-override or
/// Windows-refused characters, not a Windows device name, not ending in a dot or space,
/// NFC-normalised UTF-8 of at most ``maximumByteCount`` bytes.
///
/// Only ``ZIPEntryNames`` makes them, so a value of this type is safe by construction.
public struct ZIPEntryName: Hashable, Sendable {
    /// The longest name, in UTF-8 bytes.
    public static let maximumByteCount = 120

    /// The name as it appears in the archive.
    public let value: String

    /// A name that ``ZIPEntryNames`` has already cleaned.
    init(checked value: String) {
        self.value = value
    }

    /// A safe name for one file on its own (a bundle's own file name), cleaned as every
    /// entry's is; no uniqueness to keep.
    public init(cleaning wanted: String) {
        self.init(checked: CleanFileName(wanted: wanted).joined(suffix: ""))
    }
}
