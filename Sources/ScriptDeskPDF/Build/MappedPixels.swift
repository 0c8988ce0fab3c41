import CPoppler
import Foundation

/// Pixel memory mapped for an image surface, unmapped by cairo through `release` when the
/// surface is finally destroyed.
struct MappedPixels {
    var base: UnsafeMutableRawPointer
    var length: Int

    /// The user-data key the mapping is attached under (only its address matters).
    nonisolated(unsafe) static let key = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)

    /// Unmaps the pixels and frees the record; `pointer` is an allocated `MappedPixels`.
    static let release: cairo_destroy_func_t = { pointer in
        guard let mapping = pointer?.assumingMemoryBound(to: MappedPixels.self) else { return }
        munmap(mapping.pointee.base, mapping.pointee.length)
        mapping.deallocate()
    }
}
