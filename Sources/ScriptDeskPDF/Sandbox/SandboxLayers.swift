import CSandbox

/// The layers of the sandbox a PDF checker child runs in. Each is applied when the kernel
/// offers it; `CheckerSandbox.available` says which this machine gives.
public struct SandboxLayers: OptionSet, Sendable, Hashable {
    /// The bits, as the C side reports them.
    public let rawValue: UInt32

    /// Layers from their bits.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// No descriptor but its channel (standard input and output) and /dev/null.
    public static let descriptors = Self(rawValue: SCRIPTDESK_SANDBOX_DESCRIPTORS.rawValue)
    /// A user namespace of its own: no privilege over anything outside it.
    public static let userNamespace = Self(rawValue: SCRIPTDESK_SANDBOX_USER_NAMESPACE.rawValue)
    /// A network namespace of its own: no network at all.
    public static let networkNamespace = Self(rawValue: SCRIPTDESK_SANDBOX_NETWORK_NAMESPACE.rawValue)
    /// Nothing it runs can gain privileges (`PR_SET_NO_NEW_PRIVS`).
    public static let noNewPrivileges = Self(rawValue: SCRIPTDESK_SANDBOX_NO_NEW_PRIVILEGES.rawValue)
    /// A seccomp filter refusing sockets, io_uring, tracing, namespaces, mounts, keyrings, BPF and perf.
    public static let seccomp = Self(rawValue: SCRIPTDESK_SANDBOX_SECCOMP.rawValue)
    /// Landlock: reads only below the program's and its libraries' folders, writes nowhere.
    public static let landlockFiles = Self(rawValue: SCRIPTDESK_SANDBOX_LANDLOCK_FILES.rawValue)
    /// Landlock: no TCP connect or bind.
    public static let landlockNetwork = Self(rawValue: SCRIPTDESK_SANDBOX_LANDLOCK_NETWORK.rawValue)
    /// Landlock: no signals to, or abstract sockets of, processes outside the sandbox.
    public static let landlockScope = Self(rawValue: SCRIPTDESK_SANDBOX_LANDLOCK_SCOPE.rawValue)

    /// Every layer there is, in the order they are listed.
    public static let all: [(layer: SandboxLayers, name: String)] = [
        (.descriptors, "only its own descriptors"),
        (.userNamespace, "user namespace"),
        (.networkNamespace, "network namespace (no network)"),
        (.noNewPrivileges, "no new privileges"),
        (.seccomp, "seccomp filter (no sockets)"),
        (.landlockFiles, "Landlock files (read-only system folders, no writes)"),
        (.landlockNetwork, "Landlock network (no TCP)"),
        (.landlockScope, "Landlock scope (no signals or abstract sockets outside)"),
    ]

    /// The names of the layers in this set.
    public var names: [String] { Self.all.filter { contains($0.layer) }.map(\.name) }

    /// The names of the layers not in this set.
    public var missingNames: [String] { Self.all.filter { !contains($0.layer) }.map(\.name) }
}
