import Foundation
import Hummingbird
import HummingbirdTesting
import ScriptDeskDelivery
import ScriptDeskServer
import ScriptDeskTestSupport
import Testing

/// A real nginx (Debian's) in front of the live server, configured as
/// `docs/nginx-offload.conf` describes: ScriptDesk checks each token and nginx sends the file.
@Suite struct NginxOffloadTests {
    /// nginx on a free loopback port, proxying to `upstream` and serving `published` only
    /// through `X-Accel-Redirect`; stopped when `body` returns.
    static func withNginx<T: Sendable>(upstream: Int, published: String, in folder: String, _ body: (Int) async throws -> T) async throws -> T {
        let port = try LoopbackPort.unused()
        let config = """
            daemon off;
            master_process off;
            pid \(folder)/nginx.pid;
            error_log \(folder)/nginx-error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path \(folder)/nginx-body;
                proxy_temp_path \(folder)/nginx-proxy;
                fastcgi_temp_path \(folder)/nginx-fastcgi;
                uwsgi_temp_path \(folder)/nginx-uwsgi;
                scgi_temp_path \(folder)/nginx-scgi;
                server {
                    listen 127.0.0.1:\(port);
                    location / {
                        proxy_pass http://127.0.0.1:\(upstream);
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                    location /scriptdesk-files/ {
                        internal;
                        alias \(published)/;
                        sendfile on;
                    }
                }
            }
            """
        let path = "\(folder)/nginx.conf"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let nginx = Process()
        nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        nginx.arguments = ["-c", path, "-e", "\(folder)/nginx-error.log"]
        try nginx.run()
        do {
            try await waitUntilListening(port: port, process: nginx)
            let value = try await body(port)
            await stop(nginx)
            return value
        } catch {
            await stop(nginx)
            throw error
        }
    }

    /// Stops nginx and waits for it. SIGKILL: the test process's signal mask, which the
    /// child inherits, holds back the SIGTERM that `terminate()` sends.
    static func stop(_ process: Process) async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits (10 s at most) until something accepts connections on the port.
    static func waitUntilListening(port: Int, process: Process) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw TestSupportError(message: "nginx stopped at start-up") }
            if (try? get("http://127.0.0.1:\(port)/healthz")) != nil { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError(message: "nginx did not start listening on \(port)")
    }

    /// A GET with curl (the command), ten seconds at most: status, headers (names in lower
    /// case) and body.
    static func get(_ url: String, headers: [String: String] = [:]) throws -> (status: Int, headers: [String: String], body: Data) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scriptdesk-curl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments =
            ["--silent", "--max-time", "10", "--dump-header", "\(folder)/headers", "--output", "\(folder)/body"]
            + headers.flatMap { ["--header", "\($0.key): \($0.value)"] } + [url]
        try curl.run()
        // curl ends within its ten seconds, so this wait is short.
        curl.waitUntilExit()
        let status = curl.terminationStatus
        guard status == 0 else { throw TestSupportError(message: "curl \(url) exited with \(status)") }
        let head = try String(contentsOfFile: "\(folder)/headers", encoding: .utf8).components(separatedBy: "\r\n")
        let code = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (code, fields, FileManager.default.contents(atPath: "\(folder)/body") ?? Data())
    }

    @Test func nginxSendsTheCopyOnlyAfterScriptDeskHasCheckedTheToken() async throws {
        try await TestEnvironment.with(workers: 1, settings: ["SCRIPTDESK_DOWNLOAD_OFFLOAD_PREFIX": "/scriptdesk-files/"]) { environment in
            try await buildApplication(environment.runtime).test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let upstream = try #require(client.port)
                let published = environment.runtime.settings.storage.published
                try await Self.withNginx(upstream: upstream, published: published, in: environment.root) { port in
                    let base = "http://127.0.0.1:\(port)"
                    let whole = try Self.get(base + ready.path)
                    #expect(whole.status == 200)
                    #expect(ContentHash.sha256(whole.body) == ready.sha256)
                    #expect(whole.headers["content-disposition"]?.hasPrefix("attachment; filename=") == true)
                    #expect(whole.headers["cache-control"] == "private, no-store")
                    #expect(whole.headers["x-accel-redirect"] == nil)
                    let suffix = try Self.get(base + ready.path, headers: ["Range": "bytes=-100"])
                    #expect(suffix.status == 206)
                    #expect(suffix.body == whole.body.suffix(100))

                    var tampered = try #require(Base64URL.decode(ready.token))
                    tampered[30] ^= 1
                    let refused = try Self.get(base + "/d/" + Base64URL.encode(tampered))
                    #expect(refused.status == 403)
                    #expect(refused.body.range(of: Data("%PDF".utf8)) == nil)
                    // The folder itself cannot be reached from outside.
                    let direct = try Self.get(base + "/scriptdesk-files/\(ready.sha256.prefix(2))/\(ready.sha256).pdf")
                    #expect(direct.status == 404)
                    #expect(direct.body.range(of: Data("%PDF".utf8)) == nil)
                }
            }
        }
    }
}
