import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The child's side of `scriptdesk check --serve`: one report line for each request line
/// on standard input (a socket, shared with standard output), until it closes. The child
/// opens no file: each check's input (and thumbnail output) comes as a descriptor with
/// its request.
public enum CheckerService {
    /// A request the child cannot act on: the parent is not one of ours.
    public struct UnreadableRequest: Error {}

    /// Answers requests on descriptor 0, writing reports to descriptor 1, until the parent
    /// closes the channel.
    public static func serve() throws {
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
                var reply = PDFBuildReply()
                do throws(PDFBuildError) {
                    reply.pageCount = try build.run()
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
