public import ArgumentParser
import Foundation
import ScriptDeskApp
import ScriptDeskCore
import ScriptDeskDelivery

/// `scriptdesk keys …`: the link-signing keys in the data root's `keys/` folder.
public struct KeysCommand: AsyncParsableCommand {
    /// `scriptdesk keys`, with its `list` and `rotate` subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "List or rotate the keys that sign download links.",
        subcommands: [List.self, Rotate.self]
    )

    /// A command with no arguments parsed yet.
    public init() {}

    /// `scriptdesk keys list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each key's id and whether it signs, verifies until a date, or is retired.")

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let settings = try await storage.settings()
            let keyring = try SigningKeyring.loadOrCreate(folder: settings.storage.keys)
            KeysCommand.print(keyring, now: WallClock.system.now)
        }
    }

    /// `scriptdesk keys rotate`.
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new signing key; links signed by the key before it keep working for the overlap, then are refused.",
            discussion: """
                Every server process sharing the keys folder follows the rotation: a token naming a key \
                a process has not seen makes it read the folder again, and each process reads it at least \
                once a minute.
                """
        )

        @OptionGroup var storage: StorageOptions

        @Option(help: "Days the previous key keeps verifying (default SCRIPTDESK_KEY_OVERLAP_DAYS, 7).")
        var overlapDays: Int?

        func run() async throws {
            let settings = try await storage.settings()
            if let overlapDays, !(0...365).contains(overlapDays) {
                throw ValidationError("--overlap-days must be a whole number from 0 to 365, not \(overlapDays).")
            }
            let overlap = overlapDays.map { TimeInterval($0 * 86_400) } ?? settings.links.keyOverlap
            let now = WallClock.system.now
            let keyring = try SigningKeyring.rotate(folder: settings.storage.keys, overlap: overlap, now: now)
            note("New signing key \(keyring.current.id); links signed before keep working until their key retires.")
            KeysCommand.print(keyring, now: now)
        }
    }

    static func print(_ keyring: SigningKeyring, now: Date) {
        for key in keyring.all {
            let state: String
            if key.id == keyring.current.id {
                state = "signs new links"
            } else if let retiresAt = key.retiresAt, retiresAt > now {
                state = "verifies until \(retiresAt.formatted(.iso8601))"
            } else {
                state = "retired" + (key.retiresAt.map { " since \($0.formatted(.iso8601))" } ?? "")
            }
            Swift.print("\(key.id)  \(state)")
        }
    }
}
