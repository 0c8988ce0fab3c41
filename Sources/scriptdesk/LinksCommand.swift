import ArgumentParser
import Foundation
import ScriptDeskCore
import ScriptDeskPipeline
import ScriptDeskServer

/// `scriptdesk links revoke`: withdraw download links as operations.
struct LinksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "Withdraw download links.",
        subcommands: [Revoke.self]
    )

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
            let target: LinkRevocation.Target =
                if let link { .link(link) } else if let request { .request(request) } else { .centre(CentreNumber(centre!)!) }
            let settings = try await ServerSettings.resolve(.init(storage))
            let runtime = try await Runtime.open(settings, logger: makeLogger(settings))
            let count = try await runtime.closing {
                try await LinkRevocation(pipeline: runtime.pipeline).revoke(target, scope: .everyCentre, by: "operations")
            }
            guard let count else { throw ValidationError("Nothing matched: no such link or request.") }
            note("Links withdrawn on \(count) request\(count == 1 ? "" : "s").")
        }
    }
}
