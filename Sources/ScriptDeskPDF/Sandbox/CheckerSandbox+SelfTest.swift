public import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension CheckerSandbox {
    /// What a child of `executable`, started as the pool starts one, got and stopped: its
    /// layers, and the outcome of each attempt of a `SandboxSelfTest` against things this
    /// process sets up for it (a listening port, a descriptor open without close-on-exec, a
    /// file and a folder of its own, and every value of its environment).
    public static func selfTest(
        executable: String,
        timeout: Duration = .seconds(30)
    ) throws -> (
        layers: SandboxLayers, report: SandboxSelfTestReport
    ) {
        let folder = try TemporaryFolder()
        let outsideFile = "\(folder.path)/outside.txt"
        try Data("not for the checker".utf8).write(to: URL(fileURLWithPath: outsideFile))
        let listener = try Listener()
        defer { close(listener.socket) }
        // Open as NIO opens its sockets, without close-on-exec, and at a number well above
        // any the child opens for itself, so that a refused write can only mean it is closed.
        let opened = open("\(folder.path)/inherited.txt", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        let inherited = opened < 0 ? -1 : fcntl(opened, F_DUPFD, 512)
        if opened >= 0 { close(opened) }
        guard inherited >= 0 else { throw CheckerFailure("no descriptor to leave open (\(String(cString: strerror(errno))))") }
        defer { close(inherited) }
        let secrets = ProcessInfo.processInfo.environment.values.filter { value in
            value.utf8.count >= 8 && !environment.contains { $0.hasSuffix("=" + value) }
        }
        let child = try CheckerChild.spawn(executable, limits: .init())
        defer { child.stop(force: false) }
        let test = SandboxSelfTest(
            port: listener.port,
            inheritedDescriptor: inherited,
            outsideFile: outsideFile,
            outsideFolder: folder.path,
            secrets: Array(Set(secrets))
        )
        return (child.layers, try child.selfTest(test, until: .now + timeout))
    }

    /// A folder of its own under the system's temporary folder, removed with its contents.
    private final class TemporaryFolder {
        let path: String

        init() throws {
            var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("scriptdesk-sandbox-XXXXXX").utf8CString)
            guard let made = mkdtemp(&template) else { throw CheckerFailure("no temporary folder (\(String(cString: strerror(errno))))") }
            path = String(cString: made)
        }

        deinit {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// A TCP socket listening on 127.0.0.1 at a port the kernel chose.
    private struct Listener {
        let socket: Int32
        let port: Int

        init() throws {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    bind(socket, address, length) == 0 && listen(socket, 4) == 0 && getsockname(socket, address, &length) == 0
                }
            }
            guard socket >= 0, bound else {
                if socket >= 0 { close(socket) }
                throw CheckerFailure("no port to listen on (\(String(cString: strerror(errno))))")
            }
            self.socket = socket
            port = Int(UInt16(bigEndian: address.sin_port))
        }
    }
}
