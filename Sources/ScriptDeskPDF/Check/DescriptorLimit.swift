#if canImport(Glibc)
import Glibc
#endif

/// The process's limit on open descriptors. A build holds one for each page and one for its
/// output, both where it is run from and in the child that draws it: up to 1,001, which
/// does not fit beside a busy worker's own under the usual soft limit of 1,024.
enum DescriptorLimit {
    /// The highest soft limit set here: enough for several of the longest builds at once.
    static let ceiling: rlim_t = 65_536

    /// Raises the soft limit towards the hard one (never above `ceiling`, never lowering it).
    /// Runs once a process; later calls do nothing.
    static func raise() {
        _ = raised
    }

    private static let raised: Void = {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = min(limit.rlim_max, ceiling)
        guard limit.rlim_cur < wanted else { return }
        limit.rlim_cur = wanted
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }()
}
