import Foundation
import ScriptDeskTestSupport

/// A real TLS server in front of a test server: Debian's nginx on a free loopback port,
/// with a self-signed certificate for 127.0.0.1, passing every request on to a plain HTTP
/// upstream and its answers back unchanged (a `Location` included).
struct TLSFront {
    /// The port nginx takes https on.
    let port: Int
    /// The certificate, to trust as a CA bundle.
    let certificate: String

    /// `https://127.0.0.1:port` followed by `path`.
    func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    /// Runs `body` with nginx in front of `upstream`, and stops nginx afterwards.
    static func with<T>(upstream: Int, in folder: String, _ body: (TLSFront) async throws -> T) async throws -> T {
        let front = TLSFront(port: try LoopbackPort.unused(), certificate: "\(folder)/front.pem")
        let key = "\(folder)/front.key"
        let made = try await ChildProcess.run([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", front.certificate,
        ])
        guard made.status == 0 else { throw TestSupportError(message: "openssl could not make a certificate: \(made.errors)") }
        let server = """
                server {
                    listen 127.0.0.1:\(front.port) ssl;
                    ssl_certificate \(front.certificate);
                    ssl_certificate_key \(key);
                    location / {
                        proxy_pass http://127.0.0.1:\(upstream);
                        proxy_redirect off;
                    }
                }
            """
        return try await Nginx.with(server: server, port: front.port, in: folder) { try await body(front) }
    }
}
