import Foundation

/// Bytes of a page file in memory from `malloc`, freed in `deinit` unless handed to cairo,
/// which then frees them itself when the PDF no longer needs them.
final class PageBytes {
    private var base: UnsafeMutableRawPointer?
    /// How many bytes there are.
    let count: Int

    init(count: Int) {
        self.count = count
        base = malloc(max(count, 1))
    }

    deinit {
        free(base)
    }

    /// The bytes, for reading.
    var buffer: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: base == nil ? 0 : count)
    }

    /// The bytes, for filling.
    var mutableBuffer: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: base, count: base == nil ? 0 : count)
    }

    /// Gives up ownership: the caller must pass the memory to `free(3)` (cairo does, through
    /// the destroy function given with mime data).
    func handOver() -> UnsafeMutableRawPointer? {
        defer { base = nil }
        return base
    }
}

@available(*, unavailable, message: "page bytes are owned by one build at a time")
extension PageBytes: Sendable {}
