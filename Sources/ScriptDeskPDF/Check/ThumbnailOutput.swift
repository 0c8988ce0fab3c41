#if canImport(Glibc)
import Glibc
#endif

/// Where a check writes its thumbnail: a partial file beside `path`, opened by whoever
/// runs the check (a checker child has no access to the storage), and renamed into place
/// only once the check says the PNG was written whole, so a reader never sees half of one.
/// Dropped unfinished, the partial file is removed.
final class ThumbnailOutput {
    let path: String
    let descriptor: Int32
    private var finished = false

    /// Opens the partial file, private to its owner; nil (with `errno`) when it cannot be.
    init?(path: String) {
        self.path = path
        descriptor = open(path + ".partial", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return nil }
    }

    /// The partial file for `request`'s thumbnail, when it asks for one; a thumbnail that
    /// cannot be opened is left out of the request, wherever the check runs.
    static func opened(for request: inout PDFCheckRequest) -> ThumbnailOutput? {
        let output = request.thumbnail.flatMap(ThumbnailOutput.init(path:))
        if output == nil { request.thumbnail = nil }
        return output
    }

    /// Puts the thumbnail in place when it was `written`, and removes the partial file
    /// otherwise. Only the first call acts.
    func finish(written: Bool) {
        guard !finished else { return }
        finished = true
        let synced = written && fsync(descriptor) == 0
        close(descriptor)
        if !(synced && rename(path + ".partial", path) == 0) { unlink(path + ".partial") }
    }

    deinit {
        finish(written: false)
    }
}

@available(*, unavailable, message: "owns a descriptor; keep it on the thread that runs the check")
extension ThumbnailOutput: Sendable {}
