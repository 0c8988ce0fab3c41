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
    /// through `X-Accel-Redirect`, logging each request without its token to
    /// `accessLog(in: folder)`; stopped when `body` returns.
    static func withNginx<T: Sendable>(upstream: Int, published: String, in folder: String, _ body: (Int) async throws -> T) async throws -> T {
        let port = try LoopbackPort.unused()
        let server = """
                map $request_uri $scriptdesk_safe_uri {
                    ~^(/[dz]/)  $1<token>;
                    default     $request_uri;
                }
                log_format scriptdesk '$remote_addr - $remote_user [$time_local] '
                                      '"$request_method $scriptdesk_safe_uri $server_protocol" '
                                      '$status $body_bytes_sent "$http_user_agent" $request_time';
                server {
                    listen 127.0.0.1:\(port);
                    access_log \(accessLog(in: folder)) scriptdesk;
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
            """
        return try await Nginx.with(server: server, port: port, in: folder) { try await body(port) }
    }

    /// Where `withNginx` writes its access log.
    static func accessLog(in folder: String) -> String { "\(folder)/nginx-access.log" }

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
                var tamperedBytes = try #require(Base64URL.decode(ready.token))
                tamperedBytes[30] ^= 1
                let tampered = Base64URL.encode(tamperedBytes)
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

                    let refused = try await Self.get(port: port, "/d/" + tampered)
                    #expect(refused.status == .forbidden)
                    #expect(Data(buffer: refused.body ?? ByteBuffer()).range(of: Data("%PDF".utf8)) == nil)
                    // The folder itself cannot be reached from outside.
                    let direct = try await Self.get(port: port, "/scriptdesk-files/\(ready.sha256.prefix(2))/\(ready.sha256).pdf")
                    #expect(direct.status == .notFound)
                    #expect(Data(buffer: direct.body ?? ByteBuffer()).range(of: Data("%PDF".utf8)) == nil)
                }
                // nginx has stopped, so every request it answered is in its log: the paths,
                // not the tokens, good or refused.
                let log = try String(contentsOfFile: Self.accessLog(in: environment.root), encoding: .utf8)
                let downloads = log.split(separator: "\n").filter { $0.contains("\"GET /d/<token> HTTP/1.1\"") }
                #expect(downloads.count == 3, "\(log)")
                #expect(downloads.first?.contains("\" 200 ") == true, "\(log)")
                #expect(log.contains("\"GET /scriptdesk-files/"), "\(log)")
                #expect(!log.contains(ready.token))
                #expect(!log.contains(tampered))
            }
        }
    }
}
