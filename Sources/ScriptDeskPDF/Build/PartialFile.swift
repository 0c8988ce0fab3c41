import Foundation

/// A file being written beside its destination: always a new file (never one that was there,
/// nor a link followed), mode 0600 whatever the umask, and renamed over the destination only
/// once it is whole and on disk. Whoever runs a build or a check creates it and hands its
/// descriptor to what writes (a sandboxed child may create no file). Owns the descriptor;
/// dropped unfinished, the file is removed, so none is ever left behind.
final class PartialFile {
    /// The file it becomes.
    let destination: String
    /// Where it is written until then.
    let path: String
    /// Open for writing; -1 once committed or discarded.
    private(set) var descriptor: Int32

    /// What a partial file's name adds to its destination's, before a random part.
    static let suffix = ".partial-"

    /// Why a partial file could not be made or put in place, with the system's reason.
    struct Failure: Error, CustomStringConvertible {
        /// The sentence, naming the file.
        var description: String
    }

    /// Creates the partial file of `destination`, in the same folder.
    init(for destination: String) throws(Failure) {
        let path = destination + Self.suffix + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "cannot create \(path): \(Self.systemError())") }
        // The umask can only take rights away from 0600 at `open`; this sets exactly 0600.
        guard fchmod(descriptor, 0o600) == 0 else {
            let failure = Failure(description: "cannot set the mode of \(path): \(Self.systemError())")
            close(descriptor)
            unlink(path)
            throw failure
        }
        self.destination = destination
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        discard()
    }

    /// Syncs the file to disk, closes it and renames it over the destination; removes it
    /// instead when any of these fails.
    func commit() throws(Failure) {
        guard descriptor >= 0 else { throw Failure(description: "\(path) was already closed") }
        let synced = fsync(descriptor) == 0
        let failure = synced ? nil : Self.systemError()
        let closed = close(descriptor) == 0
        descriptor = -1
        guard synced, closed, rename(path, destination) == 0 else {
            let reason = failure ?? Self.systemError()
            unlink(path)
            throw Failure(description: "cannot put \(destination) in place: \(reason)")
        }
    }

    /// Closes and removes the file, unless it was committed.
    func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(path)
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}

@available(*, unavailable, message: "owns a descriptor; keep it on the thread that runs the build or check")
extension PartialFile: Sendable {}
