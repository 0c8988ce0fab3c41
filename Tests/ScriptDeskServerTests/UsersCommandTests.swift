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
/// signs in no more; a password is never taken from an argument.
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

            let list = try await environment.command(["users", "list", "--json"])
            #expect(list.status == 0, "\(list.errorText)")
            let listed = try #require(try JSONSerialization.jsonObject(with: list.output) as? [[String: Any]])
            let grace = try #require(listed.first { $0["username"] as? String == "grace" })
            #expect(grace["subjects"] as? [String] == ["H240/01"])
            #expect(!list.text.contains("$2b$"), "a bcrypt hash was listed")

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
