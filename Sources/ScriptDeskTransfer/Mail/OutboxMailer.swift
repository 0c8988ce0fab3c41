import Foundation
public import NIOPosix
public import ScriptDeskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// "Sends" each message by writing it as an `.eml` file into a folder (`Storage/outbox/`),
/// for when no SMTP relay is configured: an operator or a test reads them there. Each file
/// is written under a dot name, fsynced and renamed, so a reader sees whole messages only;
/// names sort by the time they were written and never collide.
public struct OutboxMailer: Mailer {
    /// The folder the messages go to; made when missing.
    public let folder: String
    private let threadPool: NIOThreadPool
    private let clock: WallClock

    /// File system calls block, so writes run on `threadPool`.
    public init(folder: String, threadPool: NIOThreadPool = .singleton, clock: WallClock = .system) {
        self.folder = folder
        self.threadPool = threadPool
        self.clock = clock
    }

    /// Writes the message as one `.eml` file in `folder`; throws `MailError.outbox` with the
    /// path and errno when it cannot.
    public func send(_ message: EmailMessage) async throws(MailError) {
        let name = Self.fileName(at: clock.now)
        let folder = self.folder
        let result: Result<Void, MailError>
        do {
            result = try await threadPool.runIfActive {
                do throws(MailError) {
                    try Self.store(message.encoded(), in: folder, as: name)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
        } catch {
            throw .outbox(path: folder, errno: EIO)
        }
        try result.get()
    }

    /// `20260901T090000.123456Z-<random>.eml`: UTC time to the microsecond, then 96 random bits.
    static func fileName(at date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let micros = Int(((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded(.down))
        let iso: String = Date(timeIntervalSince1970: seconds).formatted(.iso8601)
        let stamp = iso.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "").dropLast()
        let random = (0..<3).map { _ in String(UInt32.random(in: .min ... .max), radix: 16).leftPadded(to: 8) }.joined()
        return "\(stamp).\(String(micros).leftPadded(to: 6))Z-\(random).eml"
    }

    private static func store(_ bytes: [UInt8], in folder: String, as name: String) throws(MailError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .outbox(path: folder, errno: errno == 0 ? EIO : errno)
        }
        let temporary = "\(folder)/.\(name).partial"
        let final = "\(folder)/\(name)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw .outbox(path: temporary, errno: errno) }
        var failure: Int32?
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += count
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == nil, rename(temporary, final) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw .outbox(path: final, errno: failure)
        }
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}

extension String {
    /// The string with zeros before it up to `width` characters.
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
