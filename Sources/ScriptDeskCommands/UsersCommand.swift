public import ArgumentParser
import Foundation
import ScriptDeskApp
import ScriptDeskCore
import ScriptDeskServices

#if canImport(Glibc)
import Glibc
#endif

/// `scriptdesk users …`: the people who sign in to the pages, as operations manage them.
/// A password is read from the terminal (not echoed) or from a file, never from an argument,
/// where other users of the machine could read it.
public struct UsersCommand: AsyncParsableCommand {
    /// `scriptdesk users`, with its subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add, list and disable the people who sign in to the pages, and set their passwords.",
        subcommands: [Add.self, Passwd.self, Disable.self, Enable.self, List.self, Unlock.self]
    )

    /// A command with no arguments parsed yet.
    public init() {}

    /// Where a new password comes from.
    struct PasswordSource: ParsableArguments {
        @Option(help: "Read the password from the first line of this file (`/dev/stdin` to pipe it); otherwise it is asked for on the terminal.")
        var passwordFile: String?

        func read() throws -> String {
            if let passwordFile {
                guard let data = FileManager.default.contents(atPath: passwordFile) else {
                    throw ValidationError("The password file \(passwordFile) cannot be read.")
                }
                return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            }
            guard isatty(STDIN_FILENO) == 1 else {
                throw ValidationError("No terminal to ask for the password on: give --password-file.")
            }
            let first = try Self.ask("Password: ")
            guard try Self.ask("The same password again: ") == first else { throw ValidationError("The two passwords differ.") }
            return first
        }

        /// Asks on the terminal with echo turned off.
        private static func ask(_ prompt: String) throws -> String {
            FileHandle.standardError.write(Data(prompt.utf8))
            var saved = termios()
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
            defer {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            guard let line = readLine(strippingNewline: true) else { throw ValidationError("No password was given.") }
            return line
        }
    }

    /// `scriptdesk users add`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a person who signs in with a user name and password.")

        @OptionGroup var storage: StorageOptions

        @Argument(help: "The user name they sign in with (letters, digits, '.', '-', '_', '@').")
        var username: String

        @Option(help: "Their name, as the pages show it.")
        var name: String

        @Option(help: "What they may do.")
        var role: Role

        @Option(help: "The five-digit centre number, for exams officers and teachers.")
        var centre: String?

        @Option(help: "A subject a teacher teaches (a component code or qualification); repeat for each.")
        var subject: [String] = []

        @OptionGroup var password: PasswordSource

        func validate() throws {
            if let centre, CentreNumber(centre) == nil {
                throw ValidationError("'\(centre)' is not a centre number: it has five digits.")
            }
        }

        func run() async throws {
            let secret = try password.read()
            let person = try await refusingPlainly {
                try await storage.withRuntime {
                    try await $0.people.add(
                        username: username,
                        name: name,
                        role: role,
                        centre: centre.flatMap(CentreNumber.init),
                        subjects: subject,
                        password: secret,
                        by: .commandLine
                    )
                }
            }
            note("Added \(person.username) (\(person.user.role.rawValue)\(person.user.centre.map { " at centre \($0.rawValue)" } ?? "")).")
        }
    }

    /// `scriptdesk users passwd`.
    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a person's password; every session they have ends.")

        @OptionGroup var storage: StorageOptions

        @Argument(help: "Their user name.")
        var username: String

        @OptionGroup var password: PasswordSource

        func run() async throws {
            let secret = try password.read()
            try await refusingPlainly {
                try await storage.withRuntime { try await $0.people.setPassword(of: username, to: secret, by: .commandLine) }
            }
            note("The password of \(username) is set, and their sessions have ended.")
        }
    }

    /// `scriptdesk users disable`.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a person signing in; every session they have ends at once.")

        @OptionGroup var storage: StorageOptions

        @Argument(help: "Their user name.")
        var username: String

        func run() async throws {
            try await refusingPlainly {
                try await storage.withRuntime { try await $0.people.setDisabled(true, username: username, by: .commandLine) }
            }
            note("\(username) can no longer sign in.")
        }
    }

    /// `scriptdesk users enable`.
    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled person sign in again.")

        @OptionGroup var storage: StorageOptions

        @Argument(help: "Their user name.")
        var username: String

        func run() async throws {
            try await refusingPlainly {
                try await storage.withRuntime { try await $0.people.setDisabled(false, username: username, by: .commandLine) }
            }
            note("\(username) can sign in again.")
        }
    }

    /// `scriptdesk users list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everyone who signs in: user name, name, role, centre, subjects and whether disabled."
        )

        @OptionGroup var storage: StorageOptions

        @Option(help: "Only this centre's people (five digits).")
        var centre: String?

        @Flag(help: "Print them as JSON.")
        var json = false

        func validate() throws {
            if let centre, CentreNumber(centre) == nil {
                throw ValidationError("'\(centre)' is not a centre number: it has five digits.")
            }
        }

        func run() async throws {
            let people = try await storage.withRuntime { try await $0.people.list(centre: centre.flatMap(CentreNumber.init), by: .commandLine) }
            if json {
                print(try prettyJSON(people))
                return
            }
            printTable(
                [["USERNAME", "ROLE", "CENTRE", "DISABLED", "SUBJECTS", "NAME"]]
                    + people.map { person in
                        [
                            person.username, person.user.role.rawValue, person.user.centre?.rawValue ?? "-",
                            person.disabledAt.map(ISO8601.string) ?? "-", person.subjects.isEmpty ? "-" : person.subjects.joined(separator: ","),
                            person.user.name,
                        ]
                    }
            )
        }
    }

    /// `scriptdesk users unlock`.
    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lift the pause that failed sign-ins put on an account or a client address, and forget the failures."
        )

        @OptionGroup var storage: StorageOptions

        @Argument(help: "The user name whose account is paused.")
        var username: String?

        @Option(help: "A client address whose sign-ins are paused.")
        var address: String?

        func validate() throws {
            if username == nil && address == nil { throw ValidationError("Name a user name, an --address, or both.") }
        }

        func run() async throws {
            let lifted = try await storage.withRuntime { try await $0.people.liftPause(username: username, address: address, by: .commandLine) }
            note(lifted ? "The pause is lifted." : "Nothing was paused.")
        }
    }
}
