import Configuration
public import Foundation
public import Logging
public import ScriptDeskCore
public import ScriptDeskPDF
import ScriptDeskQueue
public import ScriptDeskServices
public import ScriptDeskStore
import SystemPackage

/// Everything the server, the workers and the command line are configured by. Resolved in this order: command
/// line, environment (`SCRIPTDESK_…`), a JSON config file (`SCRIPTDESK_CONFIG_FILE`), then
/// defaults that work on a fresh machine.
public struct Settings: Sendable {
    /// The data root.
    public var storage: StorageLayout
    /// Data and queue; SQLite under the data root unless a PostgreSQL URL is given.
    public var database: DatabaseLocation
    /// The most connections this process keeps to PostgreSQL (`SCRIPTDESK_DATABASE_POOL_SIZE`, 20).
    public var databasePoolSize: Int
    /// The address to listen on.
    public var host: String
    /// The port to listen on.
    public var port: Int
    /// Worker slots in this process (0: none).
    public var workers: Int
    /// How long a claim holds without a heartbeat before another worker may take the job.
    public var lease: Duration
    /// How long succeeded and cancelled jobs are kept before the hourly prune deletes them.
    public var jobRetention: Duration
    /// The URL clients use to reach this server (for download links).
    public var publicBaseURL: String
    /// The rules in force.
    public var policy: Policy
    /// How download links are signed, checked and served.
    public var links: LinkSettings
    /// How much to log.
    public var logLevel: Logger.Level
    /// Where PDF checks run: in a child process with limits when the `scriptdesk` executable
    /// is known, otherwise in this process.
    public var pdfChecks: PDFCheckRunner
    /// How email is sent, and when centres are warned before their copies are deleted.
    public var mail: Mail
    /// Where published copies are kept: the local folder, or an S3-compatible bucket.
    public var downloadArea: DownloadAreaLocation = .local
    /// How long and how many HTTP connections the server keeps.
    public var connections = ConnectionSettings()
    /// How people sign in to the pages.
    public var signIn = SignInSettings()
    /// The lanes' targets and the console's alert thresholds (`SCRIPTDESK_TARGET_PRIORITY_MINUTES`,
    /// 5; `SCRIPTDESK_TARGET_STANDARD_MINUTES`, 1440; `SCRIPTDESK_ALERT_DEAD_PER_HOUR`, 10); a
    /// worker is silent after one lease without a heartbeat.
    public var queueWatch = QueueWatchRules()

    /// Command-line values, highest precedence; `nil` when not given.
    public struct Overrides: Sendable {
        /// `--storage`: the data root.
        public var storage: String?
        /// `--database`: a `postgres://` URL or a SQLite path.
        public var database: String?
        /// `--host`: the address to listen on.
        public var host: String?
        /// `--port`: the port to listen on.
        public var port: Int?
        /// `--workers` or `--concurrency`: worker slots in this process.
        public var workers: Int?
        /// The `scriptdesk` executable that runs PDF checks in child processes.
        public var checker: String?

        /// Overrides as given on the command line; each `nil` leaves the setting to the
        /// environment, the file or the default.
        public init(
            storage: String? = nil,
            database: String? = nil,
            host: String? = nil,
            port: Int? = nil,
            workers: Int? = nil,
            checker: String? = nil
        ) {
            self.storage = storage
            self.database = database
            self.host = host
            self.port = port
            self.workers = workers
            self.checker = checker
        }
    }

    /// Resolves the settings from the command line, the environment and an optional file.
    public static func resolve(
        _ overrides: Overrides,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws
        -> Settings
    {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        func set(_ key: String, _ value: String?) {
            if let value { values[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = ConfigValue(.string(value), isSecret: false) }
        }
        set("scriptdesk.storage", overrides.storage)
        set("scriptdesk.database.url", overrides.database)
        set("scriptdesk.host", overrides.host)
        set("scriptdesk.port", overrides.port.map(String.init))
        set("scriptdesk.workers", overrides.workers.map(String.init))
        set("scriptdesk.check.executable", overrides.checker)
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "command line", values: values),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(secretVariables)),
        ]
        if let file = environment["SCRIPTDESK_CONFIG_FILE"] {
            providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(file)))
        }
        return try settings(from: ConfigReader(providers: providers))
    }

    static func settings(from config: ConfigReader) throws -> Settings {
        let storage = StorageLayout(root: config.string(forKey: "scriptdesk.storage", default: "./Storage"))
        let host = config.string(forKey: "scriptdesk.host", default: "127.0.0.1")
        let port = try number(config.string(forKey: "scriptdesk.port", default: "8080"), name: "port", range: 0...65_535)
        let workers = try number(config.string(forKey: "scriptdesk.workers", default: "2"), name: "workers", range: 0...256)
        let lease = try number(
            config.string(forKey: "scriptdesk.lease.seconds", default: "30"),
            name: "lease (SCRIPTDESK_LEASE_SECONDS)",
            range: 1...3600
        )
        let retentionDays = try number(
            config.string(forKey: "scriptdesk.job.retention.days", default: "14"),
            name: "job retention (SCRIPTDESK_JOB_RETENTION_DAYS)",
            range: 1...3650
        )
        let database = config.string(forKey: "scriptdesk.database.url").map(DatabaseLocation.init(parsing:)) ?? .sqlite(path: storage.database)
        if case .postgres(let url) = database {
            do throws(StoreError) { _ = try PostgresTLSMode(url: url) } catch {
                throw SettingsError(message: "SCRIPTDESK_DATABASE_URL (--database): \(error.message)")
            }
        }
        let poolSize = try number(
            config.string(forKey: "scriptdesk.database.pool.size", default: "20"),
            name: "database pool size (SCRIPTDESK_DATABASE_POOL_SIZE)",
            range: 1...500
        )
        let profileName = config.string(forKey: "scriptdesk.policy", default: Policy.Profile.interchange.rawValue)
        guard let profile = Policy.Profile(rawValue: profileName) else {
            throw SettingsError(message: "SCRIPTDESK_POLICY must be one of \(Policy.Profile.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let levelName = config.string(forKey: "scriptdesk.log.level", default: "info")
        guard let logLevel = Logger.Level(rawValue: levelName) else {
            throw SettingsError(message: "SCRIPTDESK_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical.")
        }
        let checkMemory = try number(
            config.string(forKey: "scriptdesk.check.memory.mb", default: "2048"),
            name: "check memory limit",
            range: 256...65_536
        )
        let checkTimeout = try number(
            config.string(forKey: "scriptdesk.check.timeout.seconds", default: "120"),
            name: "check time limit",
            range: 5...3_600
        )
        let limits = PDFCheckRunner.Limits(memoryMB: checkMemory, timeout: .seconds(checkTimeout))
        let links = try LinkSettings.settings(from: config)
        var policy = Policy.profile(profile)
        policy.linkLifetimeCeiling = links.lifetimeCeiling
        policy.linkDownloadAllowance = links.downloadAllowance
        let priorityTarget = try number(
            config.string(forKey: "scriptdesk.target.priority.minutes", default: "5"),
            name: "priority lane's target (SCRIPTDESK_TARGET_PRIORITY_MINUTES)",
            range: 1...10_080
        )
        let standardTarget = try number(
            config.string(forKey: "scriptdesk.target.standard.minutes", default: "1440"),
            name: "standard lane's target (SCRIPTDESK_TARGET_STANDARD_MINUTES)",
            range: 1...43_200
        )
        let deadPerHour = try number(
            config.string(forKey: "scriptdesk.alert.dead.per.hour", default: "10"),
            name: "dead-jobs alert (SCRIPTDESK_ALERT_DEAD_PER_HOUR)",
            range: 1...1_000_000
        )
        let queueWatch = QueueWatchRules(
            targets: [.priority: Double(priorityTarget) * 60, .standard: Double(standardTarget) * 60],
            deadPerHour: deadPerHour,
            workerSilence: Double(lease)
        )
        let displayHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        let publicBaseURL = config.string(forKey: "scriptdesk.public.url", default: "http://\(displayHost):\(port)")
        return Settings(
            storage: storage,
            database: database,
            databasePoolSize: poolSize,
            host: host,
            port: port,
            workers: workers,
            lease: .seconds(lease),
            jobRetention: .seconds(retentionDays * 86_400),
            publicBaseURL: publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL,
            policy: policy,
            links: links,
            logLevel: logLevel,
            pdfChecks: config.string(forKey: "scriptdesk.check.executable").map { .childProcesses(executable: $0, limits: limits) } ?? .inProcess,
            mail: try .resolve(from: config),
            downloadArea: try downloadArea(from: config),
            connections: try .settings(from: config),
            signIn: try .settings(from: config),
            queueWatch: queueWatch
        )
    }

    static func number(_ text: String, name: String, range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw SettingsError(message: "The \(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'.")
        }
        return value
    }
}

/// A setting that cannot be used.
public struct SettingsError: Error, CustomStringConvertible, Sendable {
    /// What is wrong and how to set it right, naming the setting.
    public var message: String
    /// The message.
    public var description: String { message }
}
