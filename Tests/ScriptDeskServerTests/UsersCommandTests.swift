import Foundation
import ScriptDeskApp
import ScriptDeskAppTestSupport
import ScriptDeskCore
import ScriptDeskDemo
import ScriptDeskServices
import ScriptDeskStoreTestSupport
import ScriptDeskTestSupport
import Testing

/// `scriptdesk users …`, run as the built program: a person added with a password from a
/// file signs in, is listed without any hash, is paused and unlocked, and once disabled
/// signs in no more; a password is never taken from an argument; a teacher's subjects are
/// listed as entered, and one that is neither a component code nor a qualification is refused.
@Suite struct UsersCommandTests {
    @Test func operationsManagePeopleFromTheCommandLine() async throws {
        try await TestEnvironment.with { environment in
            let centre = environment.credentials.centres[0].number
            let file = "\(environment.root)/password.txt"
            try "a long enough password\n".write(toFile: file, atomically: true, encoding: .utf8)
            let add = try await environment.command([
                "users", "add", "grace", "--name", "Grace Hopper", "--role", "teacher", "--centre", centre,
                "--subject", "H240/01", "--password-file", file,
            ])
            #expect(add.status == 0, "\(add.errorText)")
            let signIn = environment.runtime.signIn
            _ = try await signIn.signIn(username: "grace", password: "a long enough password", from: "192.0.2.1")

            // No password argument exists, and with no terminal and no file none is asked for.
            let argument = try await environment.command(["users", "passwd", "grace", "--password", "another long password"])
            #expect(argument.status != 0)
            let noTerminal = try await environment.command(["users", "passwd", "grace"])
            #expect(noTerminal.status != 0)
            #expect(noTerminal.errorText.contains("--password-file"))

            // A qualification, in any case, with a component code of another: both are kept as entered,
            // the qualification as its code; an unknown subject is refused and nobody is added.
            let mixed = try await environment.command([
                "users", "add", "alan", "--name", "Alan Turing", "--role", "teacher", "--centre", centre,
                "--subject", "gcse", "--subject", "H240/01", "--password-file", file,
            ])
            #expect(mixed.status == 0, "\(mixed.errorText)")
            let unknown = try await environment.command([
                "users", "add", "ada", "--name", "Ada Lovelace", "--role", "teacher", "--centre", centre,
                "--subject", "GCE", "--subject", "H999/99", "--password-file", file,
            ])
            #expect(unknown.status != 0)
            #expect(unknown.errorText.contains("'H999/99' is neither a component code on record nor a qualification"), "\(unknown.errorText)")

            let list = try await environment.command(["users", "list", "--json"])
            #expect(list.status == 0, "\(list.errorText)")
            let listed = try #require(try JSONSerialization.jsonObject(with: list.output) as? [[String: Any]])
            let grace = try #require(listed.first { $0["username"] as? String == "grace" })
            #expect(grace["subjects"] as? [String] == ["H240/01"])
            let alan = try #require(listed.first { $0["username"] as? String == "alan" })
            #expect(alan["subjects"] as? [String] == ["GCSE", "H240/01"])
            #expect(alan["components"] as? [String] == ["H240/01", "J260/OT", "J351/01", "J351/02", "J560/01", "J560/02"])
            #expect(!listed.contains { $0["username"] as? String == "ada" })
            #expect(!list.text.contains("$2b$"), "a bcrypt hash was listed")
            let table = try await environment.command(["users", "list"])
            #expect(table.text.split(separator: "\n").contains { $0.hasPrefix("alan ") && $0.contains(" GCSE,H240/01 ") }, "\(table.text)")

            // A refusal is a sentence, not a stack.
            let taken = try await environment.command([
                "users", "add", "grace", "--name", "Grace", "--role", "teacher", "--centre", centre, "--password-file", file,
            ])
            #expect(taken.status != 0)
            #expect(taken.errorText.contains("Someone already signs in as 'grace'"))

            // Paused by failures, lifted from the command line.
            for _ in 0..<3 { _ = try? await signIn.signIn(username: "grace", password: "wrong password", from: "192.0.2.1") }
            await #expect(throws: SignInRefusal.self) {
                try await signIn.signIn(username: "grace", password: "a long enough password", from: "192.0.2.1")
            }
            #expect(try await environment.command(["users", "unlock", "grace"]).status == 0)
            _ = try await signIn.signIn(username: "grace", password: "a long enough password", from: "192.0.2.1")

            #expect(try await environment.command(["users", "disable", "grace"]).status == 0)
            await #expect(throws: SignInRefusal.failed) {
                try await signIn.signIn(username: "grace", password: "a long enough password", from: "192.0.2.1")
            }
        }
    }
}
