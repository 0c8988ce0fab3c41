import Foundation
import ScriptDeskAppTestSupport
import ScriptDeskTestSupport
import Testing

/// The data root keeps to its modes whatever the umask it is created under: the test
/// process's own umask is left alone (tests run in parallel in it), and `scriptdesk
/// migrate` runs in a child process under `umask 000` instead.
@Suite struct StorageModeTests {
    @Test func aDataRootCreatedUnderUmaskZeroIsPrivateToItsOwner() async throws {
        try await ScratchFolder.with("modes") { scratch in
            let storage = "\(scratch)/Storage"
            let ending = try await ChildProcess.run(
                ["sh", "-c", "umask 000 && exec \"$0\" migrate --storage \"$1\"", TestEnvironment.scriptdeskExecutable, storage],
                environment: ["SCRIPTDESK_LOG_LEVEL": "critical"]
            )
            #expect(ending.status == 0, "\(String(decoding: ending.errors, as: UTF8.self))")
            #expect(try Self.mode(storage) == 0o750)
            #expect(try Self.mode("\(storage)/published") == 0o750)
            for folder in ["archive", "staging", "outbox", "keys"] {
                #expect(try Self.mode("\(storage)/\(folder)") == 0o700, "\(folder)")
            }
            #expect(try Self.mode("\(storage)/scriptdesk.sqlite") == 0o600)
            // Every file migrate left (the database, its WAL if any, the keys) is the owner's only.
            let files = try FileManager.default.subpathsOfDirectory(atPath: storage).filter { path in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: "\(storage)/\(path)", isDirectory: &isFolder) && !isFolder.boolValue
            }
            #expect(files.contains("scriptdesk.sqlite"))
            for file in files {
                #expect(try Self.mode("\(storage)/\(file)") == 0o600, "\(file)")
            }
        }
    }

    /// A database an earlier version left readable by others is made private when opened.
    @Test func anExistingDatabaseIsMadePrivateWhenOpened() async throws {
        try await ScratchFolder.with("modes") { scratch in
            let storage = "\(scratch)/Storage"
            let migrate = [TestEnvironment.scriptdeskExecutable, "migrate", "--storage", storage]
            #expect(try await ChildProcess.run(migrate, environment: ["SCRIPTDESK_LOG_LEVEL": "critical"]).status == 0)
            let database = "\(storage)/scriptdesk.sqlite"
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: database)
            #expect(try await ChildProcess.run(migrate, environment: ["SCRIPTDESK_LOG_LEVEL": "critical"]).status == 0)
            #expect(try Self.mode(database) == 0o600)
        }
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o7777
    }
}
