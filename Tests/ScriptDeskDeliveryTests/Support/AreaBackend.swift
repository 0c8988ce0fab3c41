import Foundation
import ScriptDeskDelivery
import ScriptDeskTestSupport
import ScriptDeskTransfer
import Testing

/// The download area backends the conformance suite runs on.
enum AreaBackend: String, CaseIterable, CustomTestStringConvertible {
    case local
    case s3

    var testDescription: String { rawValue }
}

/// One test's download area with storage of its own: a temporary folder, and on S3 a key
/// prefix of its own in the test bucket.
struct AreaFixture {
    let backend: AreaBackend
    let area: any DownloadArea
    /// The test's temporary folder (sources, and on S3 the scratch folder for local copies).
    let folder: String

    init(_ backend: AreaBackend, store: ObjectStoreConfiguration? = nil) throws {
        self.backend = backend
        folder = try ScratchFolder.make("area")
        try FileManager.default.createDirectory(atPath: "\(folder)/scratch", withIntermediateDirectories: true)
        switch backend {
        case .local:
            area = try LocalDownloadArea(root: "\(folder)/published")
        case .s3:
            let configuration = try S3DownloadArea.Configuration(
                store: try store ?? TestObjectStore.configuration(),
                keyPrefix: "conformance-\(UUID().uuidString.lowercased())/",
                scratchFolder: "\(folder)/scratch"
            )
            area = S3DownloadArea(configuration: configuration)
        }
    }

    /// Writes `content` to a source file and returns its path and SHA-256.
    func source(_ content: Data, named name: String = "copy.pdf") throws -> (path: String, sha256: String) {
        let path = "\(folder)/\(name)"
        try content.write(to: URL(fileURLWithPath: path))
        return (path, ContentHash.sha256(content))
    }

    /// Removes the temporary folder.
    func removeFolder() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// `count` bytes that differ from run to run, so no test finds another's object.
    static func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// The object store `scripts/test` starts (SeaweedFS), read from the environment.
enum TestObjectStore {
    static let variables = [
        "SCRIPTDESK_TEST_S3_ENDPOINT", "SCRIPTDESK_TEST_S3_BUCKET", "SCRIPTDESK_TEST_S3_ACCESS_KEY", "SCRIPTDESK_TEST_S3_SECRET_KEY",
    ]

    /// The store's configuration; throws, failing the test, when the variables are not set.
    static func configuration(accessKeyID: String? = nil, secretAccessKey: String? = nil) throws -> ObjectStoreConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let values = variables.map { environment[$0] ?? "" }
        guard values.allSatisfy({ !$0.isEmpty }) else {
            throw MissingObjectStore(missing: zip(variables, values).filter { $0.1.isEmpty }.map(\.0))
        }
        return try ObjectStoreConfiguration(
            endpoint: values[0],
            bucket: values[1],
            accessKeyID: accessKeyID ?? values[2],
            secretAccessKey: secretAccessKey ?? values[3]
        )
    }

    /// The S3 tests need a real store.
    struct MissingObjectStore: Error, CustomStringConvertible {
        var missing: [String]
        var description: String {
            "\(missing.joined(separator: ", ")) not set: run scripts/test, which starts SeaweedFS and sets them for the S3 tests."
        }
    }
}
