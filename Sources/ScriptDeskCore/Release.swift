/// This build of ScriptDesk, as worker processes report it to the operations console.
public enum Release {
    /// The release's version.
    public static let version = "0.15.0"
}
