import ScriptDeskApp
import ScriptDeskDelivery
import ScriptDeskTransfer
import Testing

@Suite struct ObjectStorageSettingsTests {
    static let complete = [
        "SCRIPTDESK_S3_ENDPOINT": "http://127.0.0.1:8333",
        "SCRIPTDESK_S3_BUCKET": "scripts",
        "SCRIPTDESK_S3_ACCESS_KEY": "access",
        "SCRIPTDESK_S3_SECRET_KEY": "the-secret",
    ]

    static func resolve(_ environment: [String: String]) async throws -> Settings {
        try await Settings.resolve(.init(storage: "/tmp/scriptdesk-settings"), environment: environment)
    }

    @Test func withoutS3VariablesTheAreaIsTheLocalFolder() async throws {
        guard case .local = try await Self.resolve([:]).downloadArea else {
            Issue.record("expected the local folder")
            return
        }
    }

    @Test func completeS3VariablesChooseTheObjectStore() async throws {
        var environment = Self.complete
        environment["SCRIPTDESK_S3_PREFIX"] = "copies"
        environment["SCRIPTDESK_S3_REGION"] = "eu-west-2"
        let location = try await Self.resolve(environment).downloadArea
        guard case .objectStore(let store, let prefix, let lifetime) = location else {
            Issue.record("expected the object store, got \(location)")
            return
        }
        #expect(store.endpoint.description == "http://127.0.0.1:8333")
        #expect(store.bucket == "scripts" && store.region == "eu-west-2" && store.pathStyle)
        #expect(prefix == "copies" && lifetime == 60)
        #expect(!location.description.contains("the-secret"))
        let area = try location.open(storage: StorageLayout(root: "/tmp/scriptdesk-settings"))
        #expect(area is S3DownloadArea)
    }

    @Test(arguments: ["SCRIPTDESK_S3_ENDPOINT", "SCRIPTDESK_S3_BUCKET", "SCRIPTDESK_S3_ACCESS_KEY", "SCRIPTDESK_S3_SECRET_KEY"])
    func aMissingS3VariableIsNamed(variable: String) async throws {
        var environment = Self.complete
        environment[variable] = nil
        let error = try await #require(throws: SettingsError.self) { try await Self.resolve(environment) }
        #expect(error.message.contains(variable))
        #expect(!error.message.contains("the-secret"))
    }

    @Test func unusableS3ValuesAreRefused() async throws {
        for (name, value) in [("SCRIPTDESK_S3_ENDPOINT", "ftp://store"), ("SCRIPTDESK_S3_PATH_STYLE", "maybe"), ("SCRIPTDESK_S3_PREFIX", "../up")] {
            var environment = Self.complete
            environment[name] = value
            await #expect(throws: SettingsError.self) { try await Self.resolve(environment) }
        }
    }
}
