import CSandbox
public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How a PDF checker child is started: in a sandbox whose layers are set between fork and
/// exec (see `SandboxLayers`), with a clean environment and no descriptor but its channel.
/// The child opens no file itself: its parent opens each input and output and passes the
/// descriptors over the channel, so the child needs, and gets, no access to the storage.
public enum CheckerSandbox {
    /// The whole environment a child starts with: no secret of its parent's (the database
    /// URL, the object store's key, the SMTP password) can reach it this way.
    static let environment = ["SWIFT_BACKTRACE=enable=no", "PATH=/usr/bin:/bin", "LANG=C.UTF-8"]

    /// What the child may read: the system's libraries, fonts and their configuration, the
    /// folders of the program and of every library this process has loaded (the Swift
    /// runtime among them), and /proc: the Swift runtime finds its arguments through
    /// /proc/self/maps, and libdispatch watches its threads through /proc/TID/stat. Other
    /// processes' environment, memory and descriptors there stay closed to it (Landlock
    /// refuses it ptrace access outside its sandbox). Not /etc as a whole, /tmp, /home, nor
    /// the storage.
    static func readablePaths(executable: String) -> [String] {
        var paths: Set<String> = [
            "/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/fonts", "/usr/share/poppler", "/usr/share/zoneinfo",
            "/usr/share/locale", "/etc/fonts", "/etc/ld.so.cache", "/etc/localtime", "/var/cache/fontconfig",
            "/dev/null", "/dev/urandom", "/sys/devices/system/cpu", "/proc",
        ]
        paths.insert((executable as NSString).deletingLastPathComponent)
        for line in procFile("/proc/self/maps").split(separator: UInt8(ascii: "\n")) {
            guard let slash = line.firstIndex(of: UInt8(ascii: "/")) else { continue }
            let path = String(decoding: line[slash...], as: UTF8.self)
            if path.contains(".so") { paths.insert((path as NSString).deletingLastPathComponent) }
        }
        return paths.sorted()
    }

    /// The whole of a file under /proc, whose size `stat` gives as 0, so read to its end.
    private static func procFile(_ path: String) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return contents }
            contents += chunk[..<count]
        }
    }

    /// A started child: its process id, its end of the channel, and the layers it got.
    struct Started {
        var pid: pid_t
        var channel: Int32
        var layers: SandboxLayers
    }

    /// Starts `executable` with `arguments` in the sandbox, its standard input and output
    /// one end of a new socket pair, whose other end is returned.
    static func spawn(_ executable: String, arguments: [String]) throws(CheckerFailure) -> Started {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw CheckerFailure("no channel to the checker (\(String(cString: strerror(errno))))")
        }
        defer { close(ends[1]) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        let readable = readablePaths(executable: executable).map { UnsafePointer(strdup($0)) }
        defer {
            for pointer in argv + envp { free(pointer) }
            for pointer in readable { free(UnsafeMutablePointer(mutating: pointer)) }
        }
        var pid: pid_t = 0
        var layers: UInt32 = 0
        let status = executable.withCString { path in
            argv.withUnsafeBufferPointer { arguments in
                envp.withUnsafeBufferPointer { environment in
                    readable.withUnsafeBufferPointer { readable in
                        var spec = scriptdesk_sandbox_spec(
                            executable: path,
                            arguments: arguments.baseAddress,
                            environment: environment.baseAddress,
                            channel: ends[1],
                            readable: readable.baseAddress,
                            readable_count: readable.count
                        )
                        return scriptdesk_sandbox_spawn(&spec, &pid, &layers)
                    }
                }
            }
        }
        guard status == 0 else {
            close(ends[0])
            throw CheckerFailure("the checker \(executable) could not be started (\(String(cString: strerror(status))))")
        }
        return Started(pid: pid, channel: ends[0], layers: SandboxLayers(rawValue: layers))
    }

    /// The layers a child started now gets on this machine, found by starting one.
    public static var available: SandboxLayers {
        var layers: UInt32 = 0
        return scriptdesk_sandbox_probe(&layers) == 0 ? SandboxLayers(rawValue: layers) : []
    }

    /// The Landlock ABI version the kernel offers (0 for none).
    public static var landlockABI: Int { Int(scriptdesk_sandbox_landlock_abi()) }
}
