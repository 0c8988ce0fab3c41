import Foundation
import ScriptDeskAppTestSupport
import ScriptDeskTestSupport
import Testing

/// `scriptdesk keys rotate` makes what it writes durable: traced with strace, every rename
/// into the keys folder is followed by an fsync of the folder itself, so a power cut after
/// the command cannot leave the new key or `keyring.json` unnamed.
@Suite struct KeysRotationDurabilityTests {
    @Test func everyRenameIntoTheKeysFolderIsFollowedByAnFsyncOfTheFolder() async throws {
        try await ScratchFolder.with("keys-sync") { storage in
            let log = "\(storage)/strace.log"
            let ending = try await ChildProcess.run([
                "strace", "-f", "-qq", "-o", log, "-e", "trace=openat,close,fsync,rename,renameat,renameat2",
                TestEnvironment.scriptdeskExecutable, "keys", "rotate", "--storage", storage,
            ])
            #expect(ending.status == 0, "\(String(decoding: ending.errors, as: UTF8.self))")
            let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
            let folder = "\(storage)/keys"
            let renames = calls.indices.filter { calls[$0].contains("rename") && calls[$0].contains("\"\(folder)/") && calls[$0].hasSuffix("= 0") }
            // The first key, the first keyring.json, the new key, the new keyring.json.
            #expect(renames.count == 4)
            for index in renames {
                #expect(Self.folderIsSynced(folder, in: calls[(index + 1)...], by: Self.pid(calls[index])), "after: \(calls[index])")
            }
        }
    }

    /// The process id strace puts first on a line.
    static func pid(_ line: String) -> Substring {
        line.prefix { $0 != " " }
    }

    /// Whether `pid` opens `folder` as a directory and fsyncs that descriptor successfully
    /// while it is still open.
    static func folderIsSynced(_ folder: String, in calls: ArraySlice<String>, by pid: Substring) -> Bool {
        var descriptor: Substring?
        for line in calls where Self.pid(line) == pid {
            if line.contains("openat(AT_FDCWD, \"\(folder)\","), line.contains("O_DIRECTORY"),
                let fd = line.split(separator: "= ").last, fd.allSatisfy(\.isNumber)
            {
                descriptor = fd
            } else if let open = descriptor, line.contains(" close(\(open))") {
                descriptor = nil
            } else if let open = descriptor, line.contains(" fsync(\(open))"), line.hasSuffix("= 0") {
                return true
            }
        }
        return false
    }
}
