import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What a checker child tries, on its parent's request, to prove its sandbox holds: each
/// is something code that took over poppler would try. Run by `scriptdesk check
/// --sandbox-info` and by the tests, through a child started exactly as the pool starts one.
public struct SandboxSelfTest: Sendable, Hashable, Codable {
    /// A TCP port on 127.0.0.1 that the parent listens on.
    public var port: Int
    /// A descriptor number open in the parent when the child was started.
    public var inheritedDescriptor: Int32
    /// A readable file outside the sandbox.
    public var outsideFile: String
    /// A writable folder outside the sandbox.
    public var outsideFolder: String
    /// Values in the parent's environment when the child was started.
    public var secrets: [String]

    /// Tries each attempt, here, and reports whether it was blocked.
    func run() -> SandboxSelfTestReport {
        SandboxSelfTestReport(attempts: [connecting(), readingEnvironment(), writingInherited(), readingOutside(), writingOutside()])
    }

    private func connecting() -> SandboxSelfTestReport.Attempt {
        let name = "connect to 127.0.0.1:\(port)"
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return .init(name, blocked: true, "socket() refused: \(Self.lastError)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return connected == 0 ? .init(name, blocked: false, "connected") : .init(name, blocked: true, "connect() refused: \(Self.lastError)")
    }

    private func readingEnvironment() -> SandboxSelfTestReport.Attempt {
        let name = "read the parent's environment from /proc/self/environ"
        guard let environment = FileManager.default.contents(atPath: "/proc/self/environ") else {
            return .init(name, blocked: true, "/proc/self/environ cannot be read")
        }
        let found = secrets.filter { environment.range(of: Data($0.utf8)) != nil }.count
        let detail = "readable; \(found) of the parent's \(secrets.count) values there"
        return .init(name, blocked: found == 0, detail)
    }

    private func writingInherited() -> SandboxSelfTestReport.Attempt {
        let name = "write to inherited descriptor \(inheritedDescriptor)"
        let written = write(inheritedDescriptor, "x", 1)
        return written == 1 ? .init(name, blocked: false, "written") : .init(name, blocked: true, "write() failed: \(Self.lastError)")
    }

    private func readingOutside() -> SandboxSelfTestReport.Attempt {
        let name = "read \(outsideFile)"
        let descriptor = open(outsideFile, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .init(name, blocked: true, "open() refused: \(Self.lastError)") }
        close(descriptor)
        return .init(name, blocked: false, "opened")
    }

    private func writingOutside() -> SandboxSelfTestReport.Attempt {
        let path = "\(outsideFolder)/written-by-checker"
        let name = "create \(path)"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return .init(name, blocked: true, "open() refused: \(Self.lastError)") }
        close(descriptor)
        return .init(name, blocked: false, "created")
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}

/// What a sandboxed child's self-test found: one line per attempt.
public struct SandboxSelfTestReport: Sendable, Hashable, Codable {
    /// One thing the child tried.
    public struct Attempt: Sendable, Hashable, Codable {
        /// What was tried.
        public var name: String
        /// Whether the sandbox stopped it.
        public var blocked: Bool
        /// What happened, with the system's error.
        public var detail: String

        init(_ name: String, blocked: Bool, _ detail: String) {
            self.name = name
            self.blocked = blocked
            self.detail = detail
        }
    }

    /// Every attempt, in the order tried.
    public var attempts: [Attempt]

    /// Whether every attempt was blocked.
    public var allBlocked: Bool { attempts.allSatisfy(\.blocked) }
}
