import DequeModule
import Foundation
import Synchronization

/// A thread of its own that runs tasks preferring it (`withTaskExecutorPreference`): a SQLite
/// connection's unit of work runs here from its first statement to its last, each statement a
/// plain call on this thread, so a unit costs one hand-over in and one out however many
/// statements it has. On the shared executors a statement that waits for the disk (a
/// commit's flush) would hold up unrelated work.
final class SQLiteThread: TaskExecutor, @unchecked Sendable {
    private enum Work {
        case job(UnownedJob)
        case call(@Sendable () -> Void)
    }

    // Guarded by `condition`.
    private var jobs = Deque<Work>()
    private var idle = false
    private var stopping = false
    private let condition = NSCondition()
    private let threadID = Mutex<pthread_t?>(nil)

    /// Starts the thread, named `name` for profiles and debuggers.
    init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        submit(.job(UnownedJob(job)))
    }

    /// Moves the calling task onto this thread, where it stays while it prefers this thread
    /// (a task with that preference is otherwise moved only when it next suspends).
    func enter() async {
        await withUnsafeContinuation { continuation in
            submit(.call { continuation.resume() })
        }
    }

    private func submit(_ job: Work) {
        condition.lock()
        jobs.append(job)
        let wake = idle
        condition.unlock()
        if wake { condition.signal() }
    }

    /// Lets the thread end once every job given to it has run.
    func stop() {
        condition.lock()
        stopping = true
        condition.unlock()
        condition.signal()
    }

    /// Whether the caller is running on this thread.
    var isCurrent: Bool {
        threadID.withLock { $0.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    private func run() {
        threadID.withLock { $0 = pthread_self() }
        var batch = Deque<Work>()
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping {
                idle = true
                condition.wait()
                idle = false
            }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            while let work = batch.popFirst() {
                switch work {
                case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
                case .call(let call): call()
                }
            }
        }
    }
}
