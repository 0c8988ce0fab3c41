import Configuration
public import Foundation

/// How download links are signed, checked and served.
public struct LinkSettings: Sendable, Hashable {
    /// How early a link may be used before its not-before time (`SCRIPTDESK_LINK_CLOCK_SKEW_SECONDS`, 30).
    public var clockSkew: TimeInterval
    /// How long a rotated-out key keeps verifying the links it signed (`SCRIPTDESK_KEY_OVERLAP_DAYS`,
    /// 7: as long as the longest link lives, so no link dies early of a rotation).
    public var keyOverlap: TimeInterval
    /// No link lives longer than this (`SCRIPTDESK_LINK_MAX_DAYS`, 7).
    public var lifetimeCeiling: TimeInterval
    /// Whole downloads a link allows (`SCRIPTDESK_LINK_DOWNLOADS`, unlimited by default).
    public var downloadAllowance: Int?
    /// When set, `/d/{token}` answers with `X-Accel-Redirect: <prefix><key>` for nginx to send
    /// the file after the token has been checked here (`SCRIPTDESK_DOWNLOAD_OFFLOAD_PREFIX`).
    public var offloadPrefix: String?
    /// Refused download attempts one client address may make a minute before its attempts
    /// are refused unread (`SCRIPTDESK_LINK_REFUSALS_PER_MINUTE`, 30).
    public var refusalsPerMinute: Int

    /// Settings with the documented defaults: 30 seconds of clock skew, seven days of key
    /// overlap and link lifetime, no download limit, no offload, 30 refusals a minute.
    public init(
        clockSkew: TimeInterval = 30,
        keyOverlap: TimeInterval = 7 * 86_400,
        lifetimeCeiling: TimeInterval = 7 * 86_400,
        downloadAllowance: Int? = nil,
        offloadPrefix: String? = nil,
        refusalsPerMinute: Int = 30
    ) {
        self.clockSkew = clockSkew
        self.keyOverlap = keyOverlap
        self.lifetimeCeiling = lifetimeCeiling
        self.downloadAllowance = downloadAllowance
        self.offloadPrefix = offloadPrefix
        self.refusalsPerMinute = refusalsPerMinute
    }

    static func settings(from config: ConfigReader) throws -> LinkSettings {
        let skew = try Settings.number(
            config.string(forKey: "scriptdesk.link.clock.skew.seconds", default: "30"),
            name: "link clock skew (SCRIPTDESK_LINK_CLOCK_SKEW_SECONDS)",
            range: 0...3_600
        )
        let overlap = try Settings.number(
            config.string(forKey: "scriptdesk.key.overlap.days", default: "7"),
            name: "key overlap (SCRIPTDESK_KEY_OVERLAP_DAYS)",
            range: 0...365
        )
        let ceiling = try Settings.number(
            config.string(forKey: "scriptdesk.link.max.days", default: "7"),
            name: "longest link lifetime (SCRIPTDESK_LINK_MAX_DAYS)",
            range: 1...365
        )
        let allowance = try config.string(forKey: "scriptdesk.link.downloads").map {
            try Settings.number($0, name: "downloads per link (SCRIPTDESK_LINK_DOWNLOADS)", range: 1...1_000)
        }
        let prefix = config.string(forKey: "scriptdesk.download.offload.prefix")
        if let prefix, !(prefix.hasPrefix("/") && prefix.hasSuffix("/")) || prefix.contains("..") {
            throw SettingsError(
                message:
                    "SCRIPTDESK_DOWNLOAD_OFFLOAD_PREFIX must be an nginx internal location that starts and ends with '/', such as /scriptdesk-files/, not '\(prefix)'."
            )
        }
        let refusals = try Settings.number(
            config.string(forKey: "scriptdesk.link.refusals.per.minute", default: "30"),
            name: "refused downloads per address and minute (SCRIPTDESK_LINK_REFUSALS_PER_MINUTE)",
            range: 1...100_000
        )
        return LinkSettings(
            clockSkew: TimeInterval(skew),
            keyOverlap: TimeInterval(overlap * 86_400),
            lifetimeCeiling: TimeInterval(ceiling * 86_400),
            downloadAllowance: allowance,
            offloadPrefix: prefix,
            refusalsPerMinute: refusals
        )
    }
}
