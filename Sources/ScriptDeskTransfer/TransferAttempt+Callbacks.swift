import CCurl
import CCurlShim

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libcurl's callbacks: each finds its attempt through the user-data pointer.
extension TransferAttempt {
    /// The most bytes of a 3xx or error body read (and thrown away) before giving up on it.
    static let discardLimit = 1 << 20

    /// Takes a chunk of body; returns the count consumed (short to stop the transfer).
    func receive(_ data: UnsafeRawBufferPointer) -> Int {
        if route == .undecided {
            guard decideRoute() else { return 0 }
        }
        if route == .discard {
            discardedBytes += data.count
            return discardedBytes > Self.discardLimit ? 0 : data.count
        }
        let limit = expected?.bytes ?? policy.maxBytes
        guard sink.written + Int64(data.count) <= limit else {
            stop(expected == nil ? .tooLarge : .longerThanExpected)
            return 0
        }
        if let error = sink.append(data) {
            stop(.localIO(error))
            return 0
        }
        return data.count
    }

    /// Takes one header line; at the end of a final head, decides where the body goes.
    func readHeader(_ data: UnsafeRawBufferPointer) -> Int {
        head.read(String(decoding: data, as: UTF8.self))
        if head.isComplete && head.status >= 200 {
            route = .undecided
            guard decideRoute() else { return 0 }
        }
        return data.count
    }

    /// Opens a socket for a connection curl is about to make, unless the address is
    /// restricted and outside the policy's `allowedNetworks`; then refuses it and remembers why.
    func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        var bytes = [UInt8](repeating: 0, count: 16)
        let count = Int(scriptdesk_curl_sockaddr_ip(address, &bytes))
        guard count > 0, let ip = IPAddress(bytes: Array(bytes.prefix(count))) else { return -1 }
        guard policy.permitsConnection(to: ip) else {
            refusedAddress = ip
            return -1
        }
        return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
    }

    static let bodyCallback: scriptdesk_curl_write_callback = { data, size, count, userdata in
        guard let data, let userdata else { return 0 }
        let attempt = Unmanaged<TransferAttempt>.fromOpaque(userdata).takeUnretainedValue()
        return attempt.receive(UnsafeRawBufferPointer(start: data, count: size * count))
    }

    static let headerCallback: scriptdesk_curl_header_callback = { data, size, count, userdata in
        guard let data, let userdata else { return 0 }
        let attempt = Unmanaged<TransferAttempt>.fromOpaque(userdata).takeUnretainedValue()
        return attempt.readHeader(UnsafeRawBufferPointer(start: data, count: size * count))
    }

    /// Returns `CURL_SOCKET_BAD` (-1) to refuse a connection.
    static let openSocketCallback: scriptdesk_curl_opensocket_callback = { clientp, _, address in
        guard let clientp, let address else { return -1 }
        let attempt = Unmanaged<TransferAttempt>.fromOpaque(clientp).takeUnretainedValue()
        return attempt.openSocket(address)
    }
}
