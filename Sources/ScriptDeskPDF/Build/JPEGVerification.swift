/// How much of a JPEG page's image data a build decodes before embedding it unchanged.
public enum JPEGVerification: String, Sendable, Hashable, Codable {
    /// Every page decoded in full and strictly, at an eighth of the size: for a build whose
    /// output nothing checks afterwards.
    case decodeEveryPage
    /// The headers, and the end-of-image marker that a cut file lacks, but no decoding: for
    /// the pipeline, whose check then decodes every embedded image strictly, so each page's
    /// data is decoded once per copy rather than twice.
    case markersOnly
}
