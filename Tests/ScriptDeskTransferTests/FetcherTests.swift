import Foundation
import Testing

@testable import ScriptDeskTransfer

/// Local archives (`file://`) and requests the policy refuses before any connection.
@Suite struct FetcherTests {
    @Test func aFileURLIsStreamedToTheDestinationWithItsHash() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let content = Fixture.body(300_000)
        try Data(content).write(to: URL(fileURLWithPath: "\(folder)/page.jpg"))
        let fetcher = Fetcher(policy: .archive())
        let source = URL(fileURLWithPath: "\(folder)/page.jpg").absoluteString
        let file = try await fetcher.fetch(source, to: "\(folder)/copy", expecting: Fixture.expected(content))
        #expect(file == FetchedFile(bytes: Int64(content.count), sha256: Fixture.sha256(content)))
        #expect(FileManager.default.contents(atPath: "\(folder)/copy") == Data(content))
        let mode = try FileManager.default.attributesOfItem(atPath: "\(folder)/copy")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let written = try await fetcher.fetch(source, to: "\(folder)/again").bytes
        #expect(written == Int64(content.count))
        let small = try await fetcher.fetchData(source, maxBytes: 1 << 20)
        #expect(small == Data(content))
    }

    @Test func aBodyOverTheLimitIsRefusedAndLeavesNoFile() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(repeating: 7, count: 10_000).write(to: URL(fileURLWithPath: "\(folder)/big"))
        let fetcher = Fetcher(policy: .archive(maxBytes: 4096))
        let error = await Fixture.failure { try await fetcher.fetch("file://\(folder)/big", to: "\(folder)/copy") }
        #expect(error?.code == "transfer.too_large")
        #expect(error?.isTransient == false)
        #expect(!Fixture.exists("\(folder)/copy"))
    }

    /// A local file cannot be cut on the way: shorter than expected, it is another file.
    @Test func aLocalFileShorterThanExpectedIsAPermanentMismatch() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let content = Fixture.body(5_000)
        try Data(content.prefix(4_000)).write(to: URL(fileURLWithPath: "\(folder)/page.jpg"))
        let error = await Fixture.failure {
            _ = try await Fetcher(policy: .archive()).fetch("file://\(folder)/page.jpg", to: "\(folder)/copy", expecting: Fixture.expected(content))
        }
        #expect(error?.code == "transfer.size_mismatch")
        #expect(error?.isTransient == false)
        #expect(!Fixture.exists("\(folder)/copy"))
    }

    @Test func aMissingFileIsPermanentlyNotFound() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = await Fixture.failure { try await Fetcher(policy: .archive()).fetch("file://\(folder)/absent.jpg", to: "\(folder)/copy") }
        #expect(error?.code == "transfer.not_found")
        #expect(error?.isTransient == false)
        #expect(!Fixture.exists("\(folder)/copy"))
    }

    @Test(arguments: ["file:///etc/hostname", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "dict://127.0.0.1:11211/"])
    func schemesOutsideThePolicyAreRefused(url: String) async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = await Fixture.failure { try await Fetcher(policy: FetchPolicy()).fetch(url, to: "\(folder)/copy") }
        #expect(error?.code == "transfer.not_allowed")
        #expect(error?.isTransient == false)
        #expect(!Fixture.exists("\(folder)/copy"))
    }

    @Test func aPathWithoutSchemeIsNotAURL() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = await Fixture.failure { try await Fetcher(policy: .archive()).fetch("/etc/hostname", to: "\(folder)/copy") }
        #expect(error?.code == "transfer.invalid_url")
        #expect(error?.isTransient == false)
    }

    @Test func aRefusedConnectionIsTransient() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Port 9 (discard) on loopback has no listener here: the connection is refused at once.
        let error = await Fixture.failure { try await Fetcher(policy: Fixture.loopback()).fetch("http://127.0.0.1:9/x", to: "\(folder)/copy") }
        #expect(error?.code == "transfer.network")
        #expect(error?.isTransient == true)
        #expect(!Fixture.exists("\(folder)/copy"))
    }

    @Test func anUnresolvableHostIsTransient() async throws {
        let folder = try Fixture.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = await Fixture.failure { try await Fetcher(policy: Fixture.loopback()).fetch("http://archive.invalid/x", to: "\(folder)/copy") }
        #expect(error?.code == "transfer.dns")
        #expect(error?.isTransient == true)
    }
}
