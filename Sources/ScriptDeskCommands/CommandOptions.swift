public import ArgumentParser
import Foundation
public import Logging
public import ScriptDeskApp
import ScriptDeskCore

/// Options shared by every command that opens the data root.
public struct StorageOptions: ParsableArguments {
    /// `--storage`: the data root.
    @Option(help: "The data root (default ./Storage; env SCRIPTDESK_STORAGE).")
    public var storage: String?

    /// `--database`: a `postgres://` URL or a SQLite path.
    @Option(help: "postgres://… or a SQLite path (default DIR/scriptdesk.sqlite; env SCRIPTDESK_DATABASE_URL).")
    public var database: String?

    /// Options with nothing parsed yet.
    public init() {}

    /// The settings these options, the environment and the config file give, with `host`,
    /// `port` and `workers` when a command takes them.
    public func settings(host: String? = nil, port: Int? = nil, workers: Int? = nil) async throws -> Settings {
        try await Settings.resolve(
            .init(storage: storage, database: database, host: host, port: port, workers: workers, checker: Self.runningExecutable)
        )
    }

    /// The one way a command that does one piece of work opens ScriptDesk: settings resolved,
    /// the database serving and migrated while `body` runs, closed after.
    public func withRuntime<T: Sendable>(_ body: (Runtime) async throws -> T) async throws -> T {
        let settings = try await settings()
        return try await Runtime.withRunning(settings, logger: makeLogger(settings), body)
    }

    /// This program's own path, so that PDF checks run as `… check --serve` child processes.
    public static var runningExecutable: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first
    }
}

/// A logger on standard error at the configured level.
public func makeLogger(_ settings: Settings) -> Logger {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = settings.logLevel
        return handler
    }
    return Logger(label: "scriptdesk")
}

/// Writes a line to standard error (progress and notices, never data).
public func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// `value` as indented JSON with sorted keys and ISO 8601 times, for `--json` output.
func prettyJSON(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Prints `rows` as columns padded to their widest cell, the first row being the heading.
func printTable(_ rows: [[String]]) {
    guard let heading = rows.first else { return }
    let widths = heading.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
        let cells = row.enumerated().map { column, cell in
            column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
        }
        print(cells.joined(separator: "  "))
    }
}

/// Runs `body`; a refusal a person can act on (a service's `ScriptDeskError`, an access
/// refusal) is printed as its message alone, and the command fails.
func refusingPlainly<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as any ScriptDeskError {
        note(error.message)
        throw ExitCode.failure
    }
}
