import ScriptDeskApp
import ScriptDeskStore
import Testing

@Suite struct DatabaseSettingsTests {
    @Test func anUnknownSSLModeIsRefusedWithTheSettingsNameAndNotThePassword() async throws {
        let error = try await #require(throws: SettingsError.self) {
            try await Settings.resolve(
                .init(storage: "/tmp/scriptdesk-settings"),
                environment: ["SCRIPTDESK_DATABASE_URL": "postgres://scriptdesk:very-secret@db.example.org/scriptdesk?sslmode=maybe"]
            )
        }
        #expect(error.message.contains("SCRIPTDESK_DATABASE_URL"))
        #expect(error.message.contains("sslmode"))
        #expect(!error.message.contains("very-secret"))
    }

    @Test func aKnownSSLModeIsKeptInTheLocation() async throws {
        let url = "postgres://scriptdesk:very-secret@db.example.org/scriptdesk?sslmode=disable"
        let settings = try await Settings.resolve(.init(storage: "/tmp/scriptdesk-settings"), environment: ["SCRIPTDESK_DATABASE_URL": url])
        #expect(settings.database == .postgres(url: url))
        #expect(!"\(settings.database)".contains("very-secret"))
    }
}
