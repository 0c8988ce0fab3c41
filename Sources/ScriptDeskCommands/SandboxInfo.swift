import ArgumentParser
import Foundation
import ScriptDeskPDF

/// `scriptdesk check --sandbox-info`: the checker sandbox's layers on this machine, and a
/// child's proof of them.
enum SandboxInfo {
    static func show(json: Bool) throws {
        guard let executable = StorageOptions.runningExecutable else { throw ValidationError("This program cannot find its own path.") }
        let (layers, report) = try CheckerSandbox.selfTest(executable: executable)
        if json {
            let answer = Answer(
                layers: layers.names,
                missing: layers.missingNames,
                landlockABI: CheckerSandbox.landlockABI,
                attempts: report.attempts,
                allBlocked: report.allBlocked
            )
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(answer), as: UTF8.self))
        } else {
            print("The PDF checker's sandbox on this machine (Landlock ABI \(CheckerSandbox.landlockABI)):")
            for (layer, name) in SandboxLayers.all { print("  \(layers.contains(layer) ? "on " : "off") \(name)") }
            print("A checker child, started as the workers start one, tried to:")
            for attempt in report.attempts { print("  \(attempt.blocked ? "blocked" : "ALLOWED") \(attempt.name): \(attempt.detail)") }
        }
        if !report.allBlocked { throw ExitCode(1) }
    }

    private struct Answer: Encodable {
        var layers: [String]
        var missing: [String]
        var landlockABI: Int
        var attempts: [SandboxSelfTestReport.Attempt]
        var allBlocked: Bool
    }
}
