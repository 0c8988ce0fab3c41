/// A request's or an enquiry's reference as people read and say it: the first eight
/// characters of its id, in capitals.
public enum Reference {
    /// The reference of `id`.
    public static func text(_ id: String) -> String {
        String(id.prefix(8)).uppercased()
    }
}
