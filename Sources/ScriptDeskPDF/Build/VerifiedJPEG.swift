/// A JPEG page read whole and found sound by a strict decode, ready to embed.
struct VerifiedJPEG {
    /// The file's bytes, unchanged.
    var bytes: PageBytes
    /// Whether the page looks like blank paper.
    var looksBlank: Bool
}
