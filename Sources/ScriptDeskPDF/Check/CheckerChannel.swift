import CSandbox
import ScriptDeskCore

#if canImport(Glibc)
import Glibc
#endif

/// One end of the socket between a checker child and its parent: lines of JSON, the
/// parent's carrying the descriptors of the files to read and write. Used by one thread at
/// a time.
struct CheckerChannel: ~Copyable {
    let socket: Int32
    private var pending: [UInt8] = []
    private var descriptors: [Int32] = []
    /// The longest line accepted: a report of thousands of findings fits many times over.
    static let maximumLine = 16 << 20

    init(socket: Int32) {
        self.socket = socket
    }

    /// The most descriptors one message carries (Linux's `SCM_MAX_FD`).
    static let descriptorsPerMessage = Int(SCRIPTDESK_MAXIMUM_DESCRIPTORS)

    /// Sends `line` and a newline, with `descriptors` attached, in order. Up to
    /// `descriptorsPerMessage` ride on the line's first byte; each further group of that many
    /// rides on the next byte, sent as a message of its own, so a line of n bytes carries up
    /// to n groups. The receiver collects them all before it returns the line.
    func send(_ line: [UInt8], descriptors: [Int32] = []) throws(CheckerFailure) {
        let bytes = line + [10]
        let groups = stride(from: 0, to: descriptors.count, by: Self.descriptorsPerMessage).map { start in
            Array(descriptors[start..<min(start + Self.descriptorsPerMessage, descriptors.count)])
        }
        guard groups.count <= bytes.count else { throw CheckerFailure("\(descriptors.count) descriptors are too many for one line") }
        var offset = 0
        var sentGroups = 0
        while offset < bytes.count {
            let attached = sentGroups < groups.count ? groups[sentGroups] : []
            // Every group but the last goes with a single byte, so that each has a byte of its own.
            let end = sentGroups + 1 < groups.count ? offset + 1 : bytes.count
            let count = bytes.withUnsafeBytes { buffer in
                attached.withUnsafeBufferPointer { fds in
                    scriptdesk_send_with_descriptors(socket, buffer.baseAddress! + offset, end - offset, fds.baseAddress, fds.count)
                }
            }
            guard count > 0 else { throw CheckerFailure("the other end stopped reading (\(String(cString: strerror(errno))))") }
            if !attached.isEmpty { sentGroups += 1 }
            offset += count
        }
    }

    /// The next line and the descriptors that came with it; nil at the end of the stream.
    /// Waits no later than `deadline`, when one is given.
    mutating func receive(until deadline: ContinuousClock.Instant? = nil) throws(CheckerFailure) -> (line: [UInt8], descriptors: [Int32])? {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var incoming = [Int32](repeating: -1, count: Self.descriptorsPerMessage)
        while true {
            if let newline = pending.firstIndex(of: 10) {
                defer {
                    pending.removeSubrange(...newline)
                    descriptors.removeAll()
                }
                return (Array(pending[..<newline]), descriptors)
            }
            guard pending.count < Self.maximumLine else { throw CheckerFailure("a line of the checker's channel is far too long") }
            if let deadline { try wait(until: deadline) }
            var received = 0
            let count = buffer.withUnsafeMutableBytes { bytes in
                incoming.withUnsafeMutableBufferPointer { fds in
                    scriptdesk_receive_with_descriptors(socket, bytes.baseAddress, bytes.count, fds.baseAddress, &received)
                }
            }
            descriptors += incoming[..<received]
            guard count > 0 else {
                if count < 0 { throw CheckerFailure("the channel failed (\(String(cString: strerror(errno))))") }
                return nil
            }
            pending.append(contentsOf: buffer[0..<count])
        }
    }

    private func wait(until deadline: ContinuousClock.Instant) throws(CheckerFailure) {
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { throw CheckerFailure("the job took too long and its child was stopped") }
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(clamping: remaining.wholeMilliseconds + 1))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw CheckerFailure("the channel failed (\(String(cString: strerror(errno))))") }
        }
    }

    deinit {
        for descriptor in descriptors { close(descriptor) }
    }
}
