import CCurl
import CCurlShim

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
}
