import CCurl
import CCurlShim

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CurlEasy {
    /// Sets what every transfer shares, from `connection`, and checks each option: libcurl
    /// may use only the connection's schemes, follows no redirect itself, takes no proxy from
    /// the environment, verifies TLS peers and host names, keeps to the time (and size and
    /// speed) limits, writes failures to this handle's error buffer, opens each connection's
    /// socket close-on-exec, checks each address before connecting when there is an address
    /// policy, and aborts the transfer once
    /// `cancellation` is set. The caller then sets its own options.
    func setUp(_ connection: CurlConnection, cancellation: TransferCancellation) throws(CurlOptionRefusal) {
        self.cancellation = cancellation
        addressPolicy = connection.addressPolicy
        let me = Unmanaged.passUnretained(self).toOpaque()
        var results: [(String, CURLcode)] = [
            ("the error buffer", setErrorBuffer()),
            ("the URL", set(CURLOPT_URL, connection.url)),
            ("the scheme", set(CURLOPT_PROTOCOLS_STR, connection.schemes)),
            ("redirects", set(CURLOPT_FOLLOWLOCATION, 0)),
            ("the proxy", set(CURLOPT_PROXY, "")),
            ("certificate checks", set(CURLOPT_SSL_VERIFYPEER, 1)),
            ("host name checks", set(CURLOPT_SSL_VERIFYHOST, 2)),
            ("the CA bundle", connection.caBundlePath.map { set(CURLOPT_CAINFO, $0) } ?? CURLE_OK),
            ("the user name", connection.user.map { set(CURLOPT_USERNAME, $0) } ?? CURLE_OK),
            ("the password", connection.password.map { set(CURLOPT_PASSWORD, $0) } ?? CURLE_OK),
            ("the connect timeout", set(CURLOPT_CONNECTTIMEOUT_MS, max(1, connection.connectTimeoutMilliseconds))),
            ("the timeout", set(CURLOPT_TIMEOUT_MS, max(1, connection.totalTimeoutMilliseconds))),
            ("cancellation", scriptdesk_curl_setopt_xferinfo_callback(handle, Self.progressCallback)),
            ("cancellation", set(CURLOPT_XFERINFODATA, pointer: me)),
            ("cancellation", set(CURLOPT_NOPROGRESS, 0)),
        ]
        if let (bytesPerSecond, seconds) = connection.lowSpeed {
            results.append(("the low-speed limit", set(CURLOPT_LOW_SPEED_LIMIT, bytesPerSecond)))
            results.append(("the low-speed time", set(CURLOPT_LOW_SPEED_TIME, seconds)))
        }
        if let maxBytes = connection.maxBytes {
            results.append(("the size limit", set(CURLOPT_MAXFILESIZE_LARGE, offset: maxBytes)))
        }
        results.append(("the connection's socket", scriptdesk_curl_setopt_opensocket_callback(handle, Self.openSocketCallback)))
        results.append(("the connection's socket", set(CURLOPT_OPENSOCKETDATA, pointer: me)))
        try CurlOptionRefusal.check(results)
    }

    /// Opens a socket for a connection curl is about to make, close-on-exec (a child process
    /// started meanwhile must not keep the connection open after curl closes it), unless there
    /// is an address policy and the address is restricted and outside its `allowedNetworks`;
    /// then refuses it and remembers it.
    private func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        if let addressPolicy {
            var bytes = [UInt8](repeating: 0, count: 16)
            let count = Int(scriptdesk_curl_sockaddr_ip(address, &bytes))
            guard count > 0, let ip = IPAddress(bytes: Array(bytes.prefix(count))) else { return -1 }
            guard addressPolicy.permitsConnection(to: ip) else {
                refusedAddress = ip
                return -1
            }
        }
        return socket(address.pointee.family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
    }

    /// Returns non-zero, which aborts the transfer, once the cancellation is set.
    private static let progressCallback: scriptdesk_curl_xferinfo_callback = { clientp, _, _, _, _ in
        guard let clientp else { return 0 }
        let curl = Unmanaged<CurlEasy>.fromOpaque(clientp).takeUnretainedValue()
        return curl.cancellation?.isCancelled == true ? 1 : 0
    }

    /// Returns `CURL_SOCKET_BAD` (-1) to refuse a connection.
    private static let openSocketCallback: scriptdesk_curl_opensocket_callback = { clientp, _, address in
        guard let clientp, let address else { return -1 }
        return Unmanaged<CurlEasy>.fromOpaque(clientp).takeUnretainedValue().openSocket(address)
    }
}
