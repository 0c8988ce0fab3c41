import Configuration
public import ScriptDeskServices

/// How people sign in to the pages: sessions' timeouts, the slow-down after failed
/// sign-ins, and bcrypt's cost.
public struct SignInSettings: Sendable, Hashable {
    /// Session lifetimes and the slow-down (`SCRIPTDESK_SESSION_IDLE_MINUTES`, 30;
    /// `SCRIPTDESK_SESSION_MAX_HOURS`, 12; `SCRIPTDESK_SIGNIN_PAUSE_AFTER`, 10 failures;
    /// `SCRIPTDESK_SIGNIN_PAUSE_MINUTES`, 15).
    public var rules: SignInRules
    /// bcrypt's cost for new passwords (`SCRIPTDESK_PASSWORD_COST`, 12, at least 12).
    public var passwordCost: UInt8

    /// Settings with the documented defaults.
    public init(rules: SignInRules = SignInRules(), passwordCost: UInt8 = 12) {
        self.rules = rules
        self.passwordCost = passwordCost
    }

    static func settings(from config: ConfigReader) throws -> SignInSettings {
        let idle = try Settings.number(
            config.string(forKey: "scriptdesk.session.idle.minutes", default: "30"),
            name: "session idle timeout (SCRIPTDESK_SESSION_IDLE_MINUTES)",
            range: 1...1_440
        )
        let absolute = try Settings.number(
            config.string(forKey: "scriptdesk.session.max.hours", default: "12"),
            name: "session lifetime (SCRIPTDESK_SESSION_MAX_HOURS)",
            range: 1...168
        )
        let pauseAfter = try Settings.number(
            config.string(forKey: "scriptdesk.signin.pause.after", default: "10"),
            name: "failed sign-ins before a pause (SCRIPTDESK_SIGNIN_PAUSE_AFTER)",
            range: 4...1_000
        )
        let pause = try Settings.number(
            config.string(forKey: "scriptdesk.signin.pause.minutes", default: "15"),
            name: "sign-in pause (SCRIPTDESK_SIGNIN_PAUSE_MINUTES)",
            range: 1...1_440
        )
        let cost = try Settings.number(
            config.string(forKey: "scriptdesk.password.cost", default: "12"),
            name: "bcrypt cost (SCRIPTDESK_PASSWORD_COST)",
            range: Int(PasswordHasher.costs.lowerBound)...Int(PasswordHasher.costs.upperBound)
        )
        let rules = SignInRules(
            idleTimeout: Double(idle) * 60,
            absoluteTimeout: Double(absolute) * 3_600,
            pauseAfter: pauseAfter,
            pause: Double(pause) * 60
        )
        return SignInSettings(rules: rules, passwordCost: UInt8(cost))
    }
}
