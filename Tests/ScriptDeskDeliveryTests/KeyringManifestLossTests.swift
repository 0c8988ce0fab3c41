import Foundation
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskDelivery

/// Key files whose `keyring.json` is gone are not taken for a fresh folder.
@Suite struct KeyringManifestLossTests {
    /// After two rotations the folder holds three keys, two of them retiring; with the
    /// manifest gone, loading refuses, names the fix, and makes no key of its own.
    @Test func keysWithoutTheirManifestAreRefusedNotRestarted() throws {
        let folder = try ScratchFolder.make("keys")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let now = Date(timeIntervalSince1970: 1_787_212_800)
        try SigningKeyring.rotate(folder: folder, overlap: 60, now: now)
        let last = try SigningKeyring.rotate(folder: folder, overlap: 60, now: now)
        try FileManager.default.removeItem(atPath: "\(folder)/keyring.json")
        let before = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()

        for attempt in [{ _ = try SigningKeyring.loadOrCreate(folder: folder) }, { _ = try KeyringSource(folder: folder) }] {
            let error = try #require(throws: KeyringError.self) { try attempt() }
            #expect(error.code == "keys.manifest_lost")
            #expect(error.description.contains("Restore keyring.json from the backup"))
            #expect(error.description.contains(last.current.id))
        }
        #expect(throws: KeyringError.self) { try SigningKeyring.rotate(folder: folder, overlap: 60, now: now) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == before)
    }

    /// The manifest written by hand as the message says brings the folder back.
    @Test func aManifestWrittenAsTheMessageSaysIsRead() throws {
        let folder = try ScratchFolder.make("keys")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let now = Date(timeIntervalSince1970: 1_787_212_800)
        let first = try SigningKeyring.loadOrCreate(folder: folder)
        let second = try SigningKeyring.rotate(folder: folder, overlap: 60, now: now)
        let manifest = #"{"current": "\#(second.current.id)", "retirements": {"\#(first.current.id)": "2026-08-20T00:00:00Z"}}"#
        try SecretFile.store(Data(manifest.utf8), at: "\(folder)/keyring.json", replacing: true)
        let keyring = try SigningKeyring.loadOrCreate(folder: folder)
        #expect(keyring.current.id == second.current.id)
        #expect(keyring.key(first.current.id)?.retiresAt != nil)
    }

    /// A store fsyncs the folder it renames into; a folder that is not there is an error,
    /// not silently skipped.
    @Test func storingSyncsTheFolder() throws {
        let folder = try ScratchFolder.make("keys")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SecretFile.syncFolder(of: "\(folder)/keyring.json")
        let error = try #require(throws: KeyringError.self) { try SecretFile.syncFolder(of: "\(folder)/absent/keyring.json") }
        #expect(error.code == "keys.cannot_write")
    }
}
