import Foundation
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskDelivery

/// The download area's folders are set to their mode, not left to the umask.
@Suite struct LocalDownloadAreaModeTests {
    /// Copies are 0640 and the folders holding them 0750: the owner's group (a web server
    /// sending them) may read, nobody else may, and nobody but the owner may add files.
    @Test func aPublishedCopyAndItsFolderAreTheOwnersAndReadableByItsGroupOnly() async throws {
        try await ScratchFolder.with("area-modes") { folder in
            let area = try LocalDownloadArea(root: "\(folder)/published")
            let source = "\(folder)/copy.pdf"
            let content = Data("%PDF-1.5 pretend content".utf8)
            try content.write(to: URL(fileURLWithPath: source))
            let stored = try area.localPath(of: try await area.publish(fileAt: source, sha256: ContentHash.sha256(content)).objectID)
            #expect(try Self.mode(stored) == 0o640)
            #expect(try Self.mode((stored as NSString).deletingLastPathComponent) == 0o750)
        }
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o7777
    }
}
