import Foundation
import ScriptDeskTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server of one test's own, in a scratch folder, that the test stops and
/// starts as an operator would restart theirs (the shared server of `scripts/test` must
/// stay up for every other test). Its programs come from `SCRIPTDESK_TEST_PG_BIN`, which
/// `scripts/test` sets, or the newest `/usr/lib/postgresql/*/bin`.
public final class PostgresCluster: Sendable {
    /// `postgres://scriptdesk@127.0.0.1:PORT/postgres?sslmode=disable`: the server's
    /// administrator, for making databases on it.
    public let server: PostgresServer
    private let bin: String
    private let folder: String
    private let port: Int
    /// `runuser -u postgres --` when the tests run as root, which PostgreSQL refuses to be.
    private let runAs: [String]

    private init(bin: String, folder: String, port: Int, runAs: [String]) {
        self.bin = bin
        self.folder = folder
        self.port = port
        self.runAs = runAs
        server = PostgresServer(adminURL: "postgres://scriptdesk@127.0.0.1:\(port)/postgres?sslmode=disable")
    }

    /// Makes a new cluster and starts it; `body` runs with it, and it is stopped and removed
    /// afterwards, however `body` ends.
    public static func with<T: Sendable>(_ body: (PostgresCluster) async throws -> T) async throws -> T {
        let folder = try ScratchFolder.make("pg")
        let runAs = getuid() == 0 ? ["runuser", "-u", "postgres", "--"] : []
        let cluster = PostgresCluster(bin: try programs(), folder: folder, port: try LoopbackPort.unused(), runAs: runAs)
        do {
            if !runAs.isEmpty { try await cluster.command(["chown", "-R", "postgres", folder], as: []) }
            try await cluster.command(["\(cluster.bin)/initdb", "-D", "\(folder)/data", "-A", "trust", "-U", "scriptdesk", "-E", "UTF8"])
            try await cluster.start()
            let value = try await body(cluster)
            await cluster.remove()
            return value
        } catch {
            await cluster.remove()
            throw error
        }
    }

    /// Starts the server and returns once it accepts connections.
    public func start() async throws {
        try await command([
            "\(bin)/pg_ctl", "-D", "\(folder)/data", "-l", "\(folder)/log", "-w", "start",
            "-o", "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100",
        ])
    }

    /// Stops the server as a fast shutdown does (connections are ended, nothing is lost),
    /// returning once it has stopped.
    public func stop() async throws {
        try await command(["\(bin)/pg_ctl", "-D", "\(folder)/data", "-m", "fast", "-w", "stop"])
    }

    private func remove() async {
        _ = try? await command(["\(bin)/pg_ctl", "-D", "\(folder)/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func command(_ arguments: [String], as user: [String]? = nil) async throws {
        let ending = try await ChildProcess.run((user ?? runAs) + arguments, timeout: .seconds(120))
        guard ending.status == 0 else {
            let log = (try? String(contentsOfFile: "\(folder)/log", encoding: .utf8)) ?? ""
            throw TestSupportError(
                message:
                    "\(arguments.joined(separator: " ")) exited with \(ending.status): \(String(decoding: ending.errors, as: UTF8.self)) \(log.suffix(2000))"
            )
        }
    }

    private static func programs() throws -> String {
        if let bin = ProcessInfo.processInfo.environment["SCRIPTDESK_TEST_PG_BIN"], !bin.isEmpty { return bin }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw TestSupportError(
                message: "No PostgreSQL programs found: run scripts/test, which installs PostgreSQL and sets SCRIPTDESK_TEST_PG_BIN."
            )
        }
        return "/usr/lib/postgresql/\(newest)/bin"
    }
}
