import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection made with plain system calls, from a chosen loopback address: what a
/// slow or hostile client does, which an HTTP client library will not.
final class RawConnection {
    let socket: Int32

    /// Connects to 127.0.0.1:`port` from `source` (any address of 127.0.0.0/8 is this machine).
    init(port: Int, from source: String = "127.0.0.1") throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw Failure("socket: \(String(cString: strerror(errno)))") }
        var local = Self.address(source, port: 0)
        var remote = Self.address("127.0.0.1", port: port)
        let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, Self.length) } }
        let connected = withUnsafePointer(to: &remote) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, Self.length) } }
        guard bound == 0, connected == 0 else {
            close(socket)
            throw Failure("connect from \(source): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        close(socket)
    }

    /// Sends `text` whole.
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(socket, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else {
            throw Failure("send: \(String(cString: strerror(errno)))")
        }
    }

    /// Whether the server closes the connection within `limit`: reading then ends (or is reset)
    /// instead of waiting. Anything the server sends first is read and dropped. Looks every
    /// few milliseconds without blocking, so the server's own tasks keep their threads.
    func isClosedByServer(within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            if readable() {
                if recv(socket, &buffer, buffer.count, 0) <= 0 { return true }
            } else {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        return false
    }

    /// Sends one whole request for `path`, with `headers` (`Name: value` each), and returns
    /// the status line of its answer, waiting up to `limit` for it.
    func request(_ path: String, headers: [String] = [], within limit: Duration = .seconds(30)) async throws -> String {
        try send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n")
        let deadline = ContinuousClock.now + limit
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.contains(10) {
            guard ContinuousClock.now < deadline else { throw Failure("no answer to \(path) within \(limit)") }
            guard readable() else {
                try await Task.sleep(for: .milliseconds(5))
                continue
            }
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { throw Failure("the server closed before answering") }
            received += buffer[..<count]
        }
        return String(decoding: received.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
    }

    /// Sends a request for `path` with `headers` and reads its answer as text until
    /// `enough` says so or the server closes, waiting up to `limit`; returns what was read.
    func read(_ path: String, headers: [String], within limit: Duration, until enough: (String) -> Bool) async throws -> String {
        try send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n")
        let deadline = ContinuousClock.now + limit
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !enough(String(decoding: received, as: UTF8.self)) {
            guard ContinuousClock.now < deadline else { throw Failure("not enough of \(path) within \(limit)") }
            guard readable() else {
                try await Task.sleep(for: .milliseconds(5))
                continue
            }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Sends one whole request for `path` asking the server to close afterwards, and returns
    /// the answer's status line and the bytes of its body, read until the server closes.
    func fetch(_ path: String, within limit: Duration = .seconds(60)) async throws -> (status: String, body: Int) {
        try send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let deadline = ContinuousClock.now + limit
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            guard ContinuousClock.now < deadline else { throw Failure("no whole answer to \(path) within \(limit)") }
            guard readable() else {
                try await Task.sleep(for: .milliseconds(2))
                continue
            }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[..<count]
        }
        let end = Array("\r\n\r\n".utf8)
        guard let head = received.indices.first(where: { received[$0...].starts(with: end) }) else {
            throw Failure("no answer head to \(path)")
        }
        let status = String(decoding: received.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        return (status, received.count - head - end.count)
    }

    /// Whether the server has closed the connection by now (reading what it sent first).
    func isClosedNow() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while readable() {
            if recv(socket, &buffer, buffer.count, 0) <= 0 { return true }
        }
        return false
    }

    /// Whether a read would not block now.
    private func readable() -> Bool {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) > 0
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private static let length = socklen_t(MemoryLayout<sockaddr_in>.size)

    private static func address(_ host: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        return address
    }
}
