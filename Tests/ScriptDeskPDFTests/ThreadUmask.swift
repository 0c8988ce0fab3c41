import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs code under another umask without changing the test process's own: tests run in
/// parallel in it, and a process has one umask for all its threads.
enum ThreadUmask {
    /// Runs `body` on a thread of its own that first stops sharing its file-system attributes
    /// with the process (`unshare(CLONE_FS)`, which Glibc's Swift module does not declare),
    /// so the umask it then sets is its alone. Blocks until `body` returns.
    static func with<T: Sendable>(_ mask: mode_t, _ body: @escaping @Sendable () throws -> T) throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            typealias Unshare = @convention(c) (Int32) -> Int32
            let cloneFS: Int32 = 0x200
            guard let symbol = dlsym(nil, "unshare"), unsafeBitCast(symbol, to: Unshare.self)(cloneFS) == 0 else {
                outcome.withLock { $0 = .failure(Failure(reason: "unshare(CLONE_FS) failed: \(String(cString: strerror(errno)))")) }
                return
            }
            umask(mask)
            let result = Result { try body() }
            outcome.withLock { $0 = result }
        }
        thread.start()
        done.wait()
        return try outcome.withLock { $0 }!.get()
    }

    /// Why the umask could not be set for the thread alone.
    struct Failure: Error {
        var reason: String
    }

    /// The permission bits of the file at `path`.
    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o7777
    }
}
