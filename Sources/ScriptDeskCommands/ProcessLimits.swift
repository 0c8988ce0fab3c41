#if canImport(Glibc)
import Glibc
#endif

/// Resource limits a process sets on itself before it reads untrusted input, so that a
/// hostile file ends in a clear error or a signal rather than taking the machine's memory
/// or CPU. No core dumps either: they would hold the file's contents.
enum ProcessLimits {
    static func apply(memoryMB: Int, cpuSeconds: Int) {
        if memoryMB > 0 { set(RLIMIT_AS, rlim_t(memoryMB) << 20) }
        if cpuSeconds > 0 { set(RLIMIT_CPU, rlim_t(cpuSeconds)) }
        set(RLIMIT_CORE, 0)
    }

    private static func set(_ resource: __rlimit_resource, _ value: rlim_t) {
        var limit = rlimit(rlim_cur: value, rlim_max: value)
        setrlimit(Int32(resource.rawValue), &limit)
    }
}
