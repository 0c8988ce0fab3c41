public import Foundation

/// Debian's nginx run by a test: in the foreground, every file it writes under a folder of
/// the test's, serving one `server` block the test writes.
public enum Nginx {
    /// Runs `body` with nginx serving `server` (an nginx `server { … }` block listening on
    /// `port`, after any `http`-level directives it needs, such as `map` or `log_format`), its
    /// configuration, pid, logs and temporary files in `folder`; waits until it accepts
    /// connections on `port` (30 s at most) and stops it when `body` returns.
    public static func with<T>(server: String, port: Int, in folder: String, _ body: () async throws -> T) async throws -> T {
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
            \(server)
            }
            """
        let path = "\(folder)/nginx.conf"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let errorLog = "\(folder)/nginx-error.log"
        let nginx = try ChildProcess.start(["/usr/sbin/nginx", "-c", path, "-e", errorLog])
        defer { nginx.discardFiles() }
        do {
            try await waitUntilListening(port: port, nginx: nginx, errorLog: errorLog)
            let value = try await body()
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
                throw TestSupportError(message: "nginx exited with \(status) at start-up: \(nginx.errorText) \(tail(of: errorLog))")
            }
            if LoopbackPort.accepts(port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError(message: "nginx did not start listening on \(port): \(nginx.errorText) \(tail(of: errorLog))")
    }

    static func tail(of path: String) -> String {
        String(decoding: (FileManager.default.contents(atPath: path) ?? Data()).suffix(2000), as: UTF8.self)
    }
}
