public import ArgumentParser
import Foundation
import ScriptDeskApp
import ScriptDeskCore
import ScriptDeskServices

/// `scriptdesk tokens …`: issue, list and revoke API tokens as operations.
public struct TokensCommand: AsyncParsableCommand {
    /// `scriptdesk tokens`, with its `add`, `list` and `revoke` subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Issue, list and revoke API tokens.",
        subcommands: [Add.self, List.self, Revoke.self]
    )

    /// A command with no arguments parsed yet.
    public init() {}

    /// `scriptdesk tokens add`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a token; its secret is printed once, on standard output, and its id on standard error.",
            discussion: "Only the secret's SHA-256 hash is stored: a lost secret cannot be shown again; revoke it and add another."
        )

        @OptionGroup var storage: StorageOptions

        @Option(help: "The five-digit centre number, for exams-officer and teacher tokens.")
        var centre: String?

        @Option(help: "What the token may do.")
        var role: Role

        @Option(help: "What the token is for, such as the system that will use it.")
        var label = ""

        @Option(help: "Days until it expires (\(TokenService.lifetimes.lowerBound) to \(TokenService.lifetimes.upperBound)).")
        var expiresDays = TokenService.defaultLifetimeDays

        func validate() throws {
            if let centre, CentreNumber(centre) == nil {
                throw ValidationError("'\(centre)' is not a centre number: it has five digits.")
            }
        }

        func run() async throws {
            let centre = centre.flatMap(CentreNumber.init)
            let issued = try await refusingPlainly {
                try await storage.withRuntime {
                    try await $0.tokens.issue(role: role, centre: centre, label: label, lifetimeDays: expiresDays, by: .commandLine)
                }
            }
            let token = issued.token
            let whose = token.centre.map { "\(token.role.rawValue) at centre \($0.rawValue)" } ?? token.role.rawValue
            let expires = token.expiresAt.map(ISO8601.string) ?? "never"
            note("Token \(token.id) (\(whose)) expires \(expires). Keep the secret below now: it is not shown again.")
            print(issued.secret)
        }
    }

    /// `scriptdesk tokens list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every token's id, centre, role, label, and when it was made, expires, was last used and was revoked; never a secret."
        )

        @OptionGroup var storage: StorageOptions

        @Option(help: "Only this centre's tokens (five digits).")
        var centre: String?

        @Flag(help: "Print the tokens as JSON.")
        var json = false

        func validate() throws {
            if let centre, CentreNumber(centre) == nil {
                throw ValidationError("'\(centre)' is not a centre number: it has five digits.")
            }
        }

        func run() async throws {
            let centre = centre.flatMap(CentreNumber.init)
            let tokens = try await storage.withRuntime { try await $0.tokens.list(centre: centre, by: .commandLine) }
            if json {
                print(try prettyJSON(tokens))
                return
            }
            let time = { (date: Date?) in date.map(ISO8601.string) ?? "-" }
            let rows =
                [["ID", "CENTRE", "ROLE", "CREATED", "EXPIRES", "LAST USED", "REVOKED", "LABEL"]]
                + tokens.map { token in
                    [
                        token.id, token.centre?.rawValue ?? "-", token.role.rawValue, time(token.createdAt),
                        token.expiresAt.map(ISO8601.string) ?? "never", time(token.lastUsedAt), time(token.revokedAt),
                        token.label.isEmpty ? "-" : token.label,
                    ]
                }
            printTable(rows)
        }
    }

    /// `scriptdesk tokens revoke ID`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by its id: every server refuses it from its next request on."
        )

        @Argument(help: "The token's id, as `tokens list` and `tokens add` show it.")
        var id: String

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let revocation = try await refusingPlainly {
                try await storage.withRuntime { try await $0.tokens.revoke(id: id, by: .commandLine) }
            }
            let at = revocation.token.revokedAt.map(ISO8601.string) ?? "-"
            note(revocation.wasRevokedBefore ? "Token \(id) was already revoked, at \(at)." : "Token \(id) revoked at \(at).")
        }
    }
}

extension Role: ExpressibleByArgument {}
