import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The child's side of `scriptdesk check --serve`: one report line for each request line
/// on standard input (a socket, shared with standard output), until it closes. The child
/// opens no file: each check's input (and thumbnail output), and each build's inputs and
/// output, come as descriptors with the request.
public enum CheckerService {
    /// A request the child cannot act on: the parent is not one of ours.
    public struct UnreadableRequest: Error {}

    /// Answers requests on descriptor 0, writing reports to descriptor 1, until the parent
    /// closes the channel.
    public static func serve() throws {
        // A build of the most pages comes with a descriptor for each.
        DescriptorLimit.raise()
        var channel = CheckerChannel(socket: 0)
        let output = CheckerChannel(socket: 1)
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        while let (line, descriptors) = try channel.receive() {
            defer { for descriptor in descriptors { close(descriptor) } }
            guard let request = try? decoder.decode(CheckerRequest.self, from: Data(line)) else { throw UnreadableRequest() }
            if let check = request.check {
                guard let input = descriptors.first, descriptors.count == (check.thumbnail == nil ? 1 : 2) else { throw UnreadableRequest() }
                let report = PDFChecker.inspect(check, input: input, thumbnail: descriptors.count > 1 ? descriptors[1] : nil)
                try output.send(Array(try PDFCheckOutput.json(report, file: check.file).utf8))
            } else if let build = request.build {
                // The output's partial file first, then each input in the source's order.
                guard let partial = descriptors.first, descriptors.count == 1 + build.inputCount else { throw UnreadableRequest() }
                var reply = PDFBuildReply()
                do throws(PDFBuildError) {
                    reply.pageCount = try build.run(reading: Array(descriptors.dropFirst()), writingTo: partial)
                } catch {
                    reply.failure = error
                }
                try output.send(Array(try encoder.encode(reply)))
            } else if let selfTest = request.selfTest {
                try output.send(Array(try encoder.encode(selfTest.run())))
            } else {
                throw UnreadableRequest()
            }
        }
    }
}
