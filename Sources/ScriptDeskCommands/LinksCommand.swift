public import ArgumentParser
import Foundation
import ScriptDeskApp
import ScriptDeskCore
import ScriptDeskServices

/// `scriptdesk links revoke`: withdraw download links as operations.
public struct LinksCommand: AsyncParsableCommand {
    /// `scriptdesk links`, with its `revoke` subcommand.
    public static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "Withdraw download links.",
        subcommands: [Revoke.self]
    )

    /// A command with no arguments parsed yet.
    public init() {}

    /// `scriptdesk links revoke`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw one link, every link of a request, or every link of a centre, on every server at once."
        )

        @OptionGroup var storage: StorageOptions

        @Option(help: "A link id (as in a request's download details).")
        var link: String?

        @Option(help: "A script request id.")
        var request: String?

        @Option(help: "A five-digit centre number.")
        var centre: String?

        func validate() throws {
            guard [link, request, centre].compactMap({ $0 }).count == 1 else {
                throw ValidationError("Name exactly one of --link, --request or --centre.")
            }
            if let centre, CentreNumber(centre) == nil {
                throw ValidationError("'\(centre)' is not a centre number: it has five digits.")
            }
        }

        func run() async throws {
            let target: LinkService.Target =
                if let link { .link(link) } else if let request { .request(request) } else { .centre(CentreNumber(centre!)!) }
            let count: Int
            do {
                count = try await storage.withRuntime { try await $0.links.revoke(target, by: .commandLine) }
            } catch let error as LinkServiceError {
                throw ValidationError("Nothing matched: \(error.message)")
            }
            note("Links withdrawn on \(count) request\(count == 1 ? "" : "s").")
        }
    }
}
