import Foundation
import ScriptDeskCore
import ScriptDeskTestSupport
import Testing

@testable import ScriptDeskTransfer

@Suite struct OutboxMailerTests {
    @Test func eachMessageBecomesAWholeEmlFileNamedInTimeOrder() async throws {
        let folder = try ScratchFolder.make("outbox")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let times = [Date(timeIntervalSince1970: 1_788_253_200.5), Date(timeIntervalSince1970: 1_788_253_200.501)]
        var messages: [EmailMessage] = []
        for (index, time) in times.enumerated() {
            let message = try EmailMessage(
                from: EmailAddress("no-reply@scriptdesk.invalid"),
                to: [EmailAddress("exams@centre.invalid")],
                subject: "Löschung \(index)",
                body: "Text \(index)",
                date: time
            )
            try await OutboxMailer(folder: folder, clock: WallClock { time }).send(message)
            messages.append(message)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        // No temporary file is left beside them.
        #expect(names.count == 2)
        #expect(names.allSatisfy { $0.hasSuffix(".eml") && !$0.hasPrefix(".") })
        #expect(names[0].hasPrefix("20260901T090000.500000Z-"))
        for (name, message) in zip(names, messages) {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
            #expect(Array(data) == message.encoded())
            let text = String(decoding: data, as: UTF8.self)
            let parts = text.components(separatedBy: "\r\n\r\n")
            #expect(parts.count == 2)
            let fields = parts[0].components(separatedBy: "\r\n").map { $0.split(separator: ":", maxSplits: 1).first.map(String.init) ?? "" }
            #expect(fields.contains("Message-ID"))
            #expect(fields.contains("Subject"))
            #expect(text.contains("<\(message.messageID)>"))
        }
    }
}
