/// A script request's reference as people read and say it: the first eight characters of
/// its id, in capitals.
enum RequestReference {
    static func text(_ id: String) -> String {
        String(id.prefix(8)).uppercased()
    }
}
