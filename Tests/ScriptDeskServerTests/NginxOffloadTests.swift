import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
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
        let nginx = try ChildProcess.start(["/usr/sbin/nginx", "-c", path, "-e", "\(folder)/nginx-error.log"])
        defer { nginx.discardFiles() }
        do {
            try await waitUntilListening(port: port, nginx: nginx, errorLog: "\(folder)/nginx-error.log")
            let value = try await body(port)
            await nginx.stop()
            return value
        } catch {
            await nginx.stop()
            throw error
        }
    }

    /// Waits (30 s at most) until nginx accepts connections on the port; a failure says what
    /// nginx itself reported.
    static func waitUntilListening(port: Int, nginx: ChildProcess, errorLog: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let status = nginx.exitStatus {
                throw TestSupportError(message: "nginx exited with \(status) at start-up: \(nginx.errorText) \(Self.tail(of: errorLog))")
            }
            if LoopbackPort.accepts(port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError(message: "nginx did not start listening on \(port): \(nginx.errorText) \(Self.tail(of: errorLog))")
    }

    static func tail(of path: String) -> String {
        String(decoding: (FileManager.default.contents(atPath: path) ?? Data()).suffix(2000), as: UTF8.self)
    }

    /// A GET through nginx on `port`: status, headers and body. The test client sends no
    /// Host of its own, which nginx requires.
    static func get(port: Int, _ path: String, headers: HTTPFields = [:]) async throws -> TestClient.Response {
        var headers = headers
        headers[.init("Host")!] = "127.0.0.1:\(port)"
        return try await TestClient.withClient(host: "127.0.0.1", port: port) { [headers] client in
            try await client.get(path, headers: headers)
        }
    }

    @Test func nginxSendsTheCopyOnlyAfterScriptDeskHasCheckedTheToken() async throws {
        try await TestEnvironment.with(workers: 1, settings: ["SCRIPTDESK_DOWNLOAD_OFFLOAD_PREFIX": "/scriptdesk-files/"]) { environment in
            try await environment.application().test(.live) { client in
                let ready = try await client.readyDownload(in: environment)
                let upstream = try #require(client.port)
                let published = environment.runtime.settings.storage.published
                try await Self.withNginx(upstream: upstream, published: published, in: environment.root) { port in
                    let whole = try await Self.get(port: port, ready.path)
                    let body = Data(buffer: whole.body ?? ByteBuffer())
                    #expect(whole.status == .ok)
                    #expect(ContentHash.sha256(body) == ready.sha256)
                    #expect(whole.headers[.contentDisposition]?.hasPrefix("attachment; filename=") == true)
                    #expect(whole.headers[.cacheControl] == "private, no-store")
                    #expect(whole.headers[.init("X-Accel-Redirect")!] == nil)
                    let suffix = try await Self.get(port: port, ready.path, headers: [.range: "bytes=-100"])
                    #expect(suffix.status == .partialContent)
                    #expect(Data(buffer: suffix.body ?? ByteBuffer()) == body.suffix(100))

                    var tampered = try #require(Base64URL.decode(ready.token))
                    tampered[30] ^= 1
                    let refused = try await Self.get(port: port, "/d/" + Base64URL.encode(tampered))
                    #expect(refused.status == .forbidden)
                    #expect(Data(buffer: refused.body ?? ByteBuffer()).range(of: Data("%PDF".utf8)) == nil)
                    // The folder itself cannot be reached from outside.
                    let direct = try await Self.get(port: port, "/scriptdesk-files/\(ready.sha256.prefix(2))/\(ready.sha256).pdf")
                    #expect(direct.status == .notFound)
                    #expect(Data(buffer: direct.body ?? ByteBuffer()).range(of: Data("%PDF".utf8)) == nil)
                }
            }
        }
    }
}
