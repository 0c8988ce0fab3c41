import Foundation
import Testing

@testable import ScriptDeskTransfer

@Suite struct FetcherTests {
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scriptdesk-fetch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func failure(_ body: () async throws -> Void) async -> TransferError? {
        do {
            try await body()
            return nil
        } catch let error as TransferError {
            return error
        } catch {
            return nil
        }
    }

    @Test func aFileURLIsStreamedToTheDestination() async throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let content = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try content.write(to: URL(fileURLWithPath: "\(folder)/page.jpg"))
        let fetcher = Fetcher(policy: .archive())
        let written = try await fetcher.fetch(URL(fileURLWithPath: "\(folder)/page.jpg").absoluteString, to: "\(folder)/copy")
        #expect(written == Int64(content.count))
        #expect(FileManager.default.contents(atPath: "\(folder)/copy") == content)
        let small = try await fetcher.fetchData(URL(fileURLWithPath: "\(folder)/page.jpg").absoluteString, maxBytes: 1 << 20)
        #expect(small == content)
    }

    @Test func aBodyOverTheLimitIsRefusedAndLeavesNoFile() async throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(repeating: 7, count: 10_000).write(to: URL(fileURLWithPath: "\(folder)/big"))
        let fetcher = Fetcher(policy: .archive(maxBytes: 4096))
        let error = await Self.failure { try await fetcher.fetch(URL(fileURLWithPath: "\(folder)/big").absoluteString, to: "\(folder)/copy") }
        #expect(error?.code == "transfer.too_large")
        #expect(error?.isTransient == false)
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/copy"))
    }

    @Test func aMissingFileIsPermanentlyNotFound() async throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = await Self.failure { try await Fetcher(policy: .archive()).fetch("file://\(folder)/absent.jpg", to: "\(folder)/copy") }
        #expect(error?.code == "transfer.not_found")
        #expect(error?.isTransient == false)
    }

    @Test(arguments: ["file:///etc/hostname", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "/etc/hostname"])
    func schemesOutsideThePolicyAreRefused(url: String) async throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = await Self.failure { try await Fetcher(policy: FetchPolicy()).fetch(url, to: "\(folder)/copy") }
        #expect(error?.code == "transfer.not_allowed")
    }

    @Test func aRefusedConnectionIsTransient() async throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Port 9 (discard) on loopback has no listener here: the connection is refused at once.
        let error = await Self.failure {
            try await Fetcher(policy: FetchPolicy(connectTimeout: 2)).fetch("http://127.0.0.1:9/x", to: "\(folder)/copy")
        }
        #expect(error?.code == "transfer.network")
        #expect(error?.isTransient == true)
    }
}
