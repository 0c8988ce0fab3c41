import Foundation
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskDelivery

@Suite struct LocalDownloadAreaTests {
    static func scratch() throws -> String {
        try ScratchFolder.make("area")
    }

    @Test func publishingIsContentAddressedAndRepeatable() async throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let area = try LocalDownloadArea(root: "\(folder)/published")
        let source = "\(folder)/copy.pdf"
        let content = Data("%PDF-1.5 pretend content".utf8)
        try content.write(to: URL(fileURLWithPath: source))
        let sha = ContentHash.sha256(content)
        let first = try await area.publish(fileAt: source, sha256: sha)
        let second = try await area.publish(fileAt: source, sha256: sha)
        #expect(first == second)
        #expect(first.objectID == "\(sha).pdf")
        #expect(first.byteCount == Int64(content.count))
        let stored = try area.localPath(of: first.objectID)
        #expect(stored == "\(folder)/published/\(sha.prefix(2))/\(sha).pdf")
        #expect(FileManager.default.contents(atPath: stored) == content)
        #expect(try ContentHash.sha256(fileAt: stored) == sha)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/published/\(sha.prefix(2))")
        #expect(leftovers == ["\(sha).pdf"])
    }

    @Test(arguments: ["../../etc/passwd", "ab.pdf", String(repeating: "g", count: 64) + ".pdf", String(repeating: "A", count: 64) + ".pdf"])
    func objectIDsFromOutsideAreRefused(objectID: String) async throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let area = try LocalDownloadArea(root: folder)
        #expect(throws: DownloadAreaError.invalidObjectID(objectID)) { try area.localPath(of: objectID) }
        #expect(try await !area.contains(objectID))
    }

    @Test func theKeyringIsCreatedOwnerOnlyAndReloaded() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let keys = "\(folder)/keys"
        let first = try SigningKeyring.loadOrCreate(folder: keys)
        let again = try SigningKeyring.loadOrCreate(folder: keys)
        #expect(first.current.id == again.current.id)
        #expect(first.current.secret == again.current.secret)
        let folderMode = try FileManager.default.attributesOfItem(atPath: keys)[.posixPermissions] as? Int
        let keyMode = try FileManager.default.attributesOfItem(atPath: "\(keys)/link-\(first.current.id).key")[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        #expect(keyMode == 0o600)
    }

    @Test func contentDispositionIsSafeForAnyName() {
        #expect(
            ContentDisposition.attachment(fileName: "copy.pdf") == "attachment; filename=\"copy.pdf\"; filename*=UTF-8''copy.pdf"
        )
        let tricky = ContentDisposition.attachment(fileName: "Zoë \"quoted\"/..\\\r\n.pdf")
        #expect(tricky == "attachment; filename=\"Zo_ _quoted__..___.pdf\"; filename*=UTF-8''Zo%C3%AB%20%22quoted%22%2F..%5C%0D%0A.pdf")
        #expect(!tricky.contains("\r") && !tricky.contains("\n"))
    }
}
