import Foundation
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskPDF

/// The sandbox of the PDF checker children, proved on this machine by a child started
/// exactly as the pool starts one, trying what code that took over poppler would try.
@Suite struct CheckerSandboxTests {
    @Test func aCheckerChildCannotConnectReadSecretsUseInheritedDescriptorsOrTouchOutsideFiles() throws {
        let (layers, report) = try CheckerSandbox.selfTest(executable: PDFCheckFindingsTests.executable)
        #expect(report.attempts.count == 5)
        for attempt in report.attempts {
            #expect(attempt.blocked, "\(attempt.name): \(attempt.detail)")
        }
        // Each attempt is stopped by the layer meant for it, not by an accident of set-up.
        var details: [String: String] = [:]
        for attempt in report.attempts { details[String(attempt.name.prefix { $0 != " " })] = attempt.detail }
        #expect(details["connect"]?.contains("socket() refused") == true)
        #expect(details["write"]?.contains("Bad file descriptor") == true)
        #expect(details["read"]?.contains("Permission denied") == true || details["read"]?.contains("cannot be read") == true)
        #expect(details["create"]?.contains("Permission denied") == true)
        // What this machine's kernel gives every child.
        for layer: SandboxLayers in [.descriptors, .noNewPrivileges, .seccomp, .networkNamespace, .landlockFiles] {
            #expect(layers.contains(layer), "missing: \(layer.names)")
        }
        #expect(CheckerSandbox.available == layers)
    }

    @Test func theSandboxInfoCommandProvesTheLayersAndKeepsTheEnvironmentsSecretsFromTheChild() async throws {
        let secret = "smtp-password-\(UUID().uuidString)"
        let ending = try await ChildProcess.run(
            [PDFCheckFindingsTests.executable, "check", "--sandbox-info", "--json"],
            environment: ["SCRIPTDESK_SMTP_PASSWORD": secret]
        )
        #expect(ending.status == 0, "\(String(decoding: ending.errors, as: UTF8.self))")
        let answer = try #require(try JSONSerialization.jsonObject(with: ending.output) as? [String: Any])
        #expect(answer["all_blocked"] as? Bool == true)
        #expect((answer["missing"] as? [String])?.contains { $0.hasPrefix("seccomp") } == false)
        let attempts = try #require(answer["attempts"] as? [[String: Any]])
        #expect(attempts.count == 5)
        #expect(!String(decoding: ending.output, as: UTF8.self).contains(secret))
    }

    @Test func aSandboxedChildWritesOnlyTheThumbnailItIsHanded() throws {
        let (folder, pdf) = try PDFCheckerTests.builtCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let thumbnail = "\(folder)/thumbnail.png"
        let checks = PDFCheckRunner.childProcesses(executable: PDFCheckFindingsTests.executable, limits: .init())
        let report = checks.inspect(fileAt: pdf, expectedPages: 3, thumbnail: thumbnail)
        #expect(report.passed)
        #expect(report.thumbnail == thumbnail)
        let png = try Data(contentsOf: URL(fileURLWithPath: thumbnail))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["copy.pdf", "scan-001.jpg", "scan-002.jpg", "thumbnail.png"]
        )
    }
}
