public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A program a test runs: a tool such as `pdfimages` or `python3`, or a server such as nginx.
///
/// Foundation's `Process` is not used for two reasons. Its child inherits the test
/// process's signal dispositions, and the service groups under test ignore SIGTERM, so a
/// child could not be stopped politely. And its waits either block a thread of the small
/// shared pool (which then cannot run the server the child may be talking to) or hang on a
/// termination handler that never fires. Here the child starts with every signal at its
/// default and none blocked; its output goes to files (a pipe could fill up and stall it);
/// and waiting polls `waitpid` between short sleeps, always against a deadline.
public final class ChildProcess: Sendable {
    /// How a program ended, and what it wrote.
    public struct Ending: Sendable {
        /// The exit status, or 128 plus the signal that ended it.
        public var status: Int32
        /// What it wrote to standard output.
        public var output: Data
        /// What it wrote to standard error.
        public var errors: Data

        /// The output as UTF-8 text.
        public var text: String { String(decoding: output, as: UTF8.self) }
    }

    /// A child that could not be started, or did not end in time.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, with the command.
        public var description: String
    }

    /// The child's process id.
    public let pid: pid_t
    /// The command line, for messages.
    public let command: String
    private let folder: String
    /// The exit status once the child has been waited for (its pid may then be reused).
    private let reaped = Mutex<Int32?>(nil)

    /// Runs `arguments` (the program is looked up on PATH) to its end, `timeout` at most,
    /// after which it is killed and this throws.
    public static func run(
        _ arguments: [String],
        in directory: String? = nil,
        environment: [String: String] = [:],
        timeout: Duration = .seconds(60)
    ) async throws -> Ending {
        let child = try start(arguments, in: directory, environment: environment)
        defer { child.discardFiles() }
        guard let status = try await child.exit(within: timeout) else {
            await child.stop()
            throw Failure(description: "\(child.command) did not end within \(timeout); its errors: \(child.errorText)")
        }
        return Ending(status: status, output: child.output, errors: child.errors)
    }

    /// Runs a quick tool to its end on the calling thread, for synchronous tests: the same as
    /// `run`, but waiting blocks the thread, so keep it to tools that take moments.
    public static func runBlocking(_ arguments: [String], in directory: String? = nil, timeout: Duration = .seconds(60)) throws -> Ending {
        let child = try start(arguments, in: directory)
        defer { child.discardFiles() }
        let deadline = ContinuousClock.now + timeout
        while child.exitStatus == nil {
            guard ContinuousClock.now < deadline else {
                child.send(SIGKILL)
                throw Failure(description: "\(child.command) did not end within \(timeout); its errors: \(child.errorText)")
            }
            usleep(1000)
        }
        return Ending(status: child.exitStatus ?? -1, output: child.output, errors: child.errors)
    }

    /// Starts `arguments` (the program is looked up on PATH) in the background, in a UTF-8
    /// locale, with `environment` over the test process's own.
    public static func start(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> ChildProcess {
        let folder = try ScratchFolder.make("child")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "\(folder)/output", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "\(folder)/errors", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Nothing else of the test process's: a socket another test has open (a transfer under
        // way) would otherwise live on in the child, and its peer never see it close.
        guard Self.addCloseFrom(&actions, 3) == 0 else {
            throw Failure(description: "the child's descriptors from 3 up could not be set to close")
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var variables = ProcessInfo.processInfo.environment
        variables["LC_ALL"] = "C.UTF-8"
        variables.merge(environment) { $1 }
        // env looks the program up on PATH, and changes into `directory` first when given.
        let argv = (["/usr/bin/env"] + (directory.map { ["--chdir=\($0)"] } ?? []) + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for entry in envp { free(entry) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, envp)
        let command = arguments.first ?? "env"
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: folder)
            throw Failure(description: "\(command) could not be started: \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid, command: command, folder: folder)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's
    /// Glibc module does not declare.
    private static let addCloseFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("glibc 2.34 or later is needed: posix_spawn_file_actions_addclosefrom_np is missing")
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    private init(pid: pid_t, command: String, folder: String) {
        self.pid = pid
        self.command = command
        self.folder = folder
    }

    deinit {
        if reaped.withLock({ $0 }) == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }

    /// What the child has written to its standard output so far.
    public var output: Data { FileManager.default.contents(atPath: "\(folder)/output") ?? Data() }

    /// What the child has written to its standard error so far.
    public var errors: Data { FileManager.default.contents(atPath: "\(folder)/errors") ?? Data() }

    /// The last of its standard error, for a failure message.
    public var errorText: String { String(decoding: errors.suffix(2000), as: UTF8.self) }

    /// The exit status if the child has ended (a signal shows as 128 + its number).
    public var exitStatus: Int32? {
        reaped.withLock { reaped in
            if let reaped { return reaped }
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, WNOHANG) } while result < 0 && errno == EINTR
            // Not ours to wait for any more: it has ended, its status unknown.
            if result < 0 && errno == ECHILD {
                reaped = -1
                return reaped
            }
            guard result == pid else { return nil }
            let signal = status & 0x7F
            reaped = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
            return reaped
        }
    }

    /// Whether the child is still running.
    public var isRunning: Bool { exitStatus == nil }

    /// Waits for the child to end, `timeout` at most; nil if it is still running then.
    public func exit(within timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = exitStatus { return status }
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Sends `signal` unless the child has already been waited for.
    public func send(_ signal: Int32) {
        reaped.withLock { reaped in
            if reaped == nil { _ = kill(pid, signal) }
        }
    }

    /// Stops the child: SIGTERM, then SIGKILL if it is still running after `grace`; returns
    /// once it has ended. Not cancellable, so a failing test still leaves no child behind.
    public func stop(grace: Duration = .seconds(5)) async {
        send(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while exitStatus == nil {
            if ContinuousClock.now >= deadline { send(SIGKILL) }
            // In a cancelled task Task.sleep ends at once; usleep keeps the pace then.
            do { try await Task.sleep(for: .milliseconds(10)) } catch { usleep(10_000) }
        }
    }

    /// Removes the files holding its output.
    public func discardFiles() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
