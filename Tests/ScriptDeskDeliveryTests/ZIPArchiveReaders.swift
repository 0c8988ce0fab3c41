import Foundation
import ScriptDeskTestSupport

/// Reads an archive with tools that did not write it: Python's `zipfile` and Info-ZIP's
/// `unzip` (Debian package `unzip`).
enum ZIPArchiveReaders {
    /// What Python's `zipfile` made of an archive.
    struct PythonReport: Decodable {
        /// The first entry whose CRC or size did not match, from `testzip()`; nil when all do.
        var bad: String?
        var entries: [Entry]

        struct Entry: Decodable {
            var name: String
            var size: Int
            var flags: Int
            var method: Int
            var version: Int
            var dateTime: [Int]
        }
    }

    /// Opens the archive with `zipfile`, runs `testzip()` (reading every entry and checking its
    /// CRC) unless `testingEntries` is false, lists every entry and, when `extractTo` is given,
    /// writes entry number `i`'s bytes to the file `i` there.
    static func python(_ archive: String, testingEntries: Bool = true, extractTo folder: String? = nil) async throws -> PythonReport {
        let script = """
            import json, os, sys, zipfile
            path, test, out = sys.argv[1], sys.argv[2] == "test", sys.argv[3]
            with zipfile.ZipFile(path) as z:
                bad = z.testzip() if test else None
                entries = []
                for i, info in enumerate(z.infolist()):
                    if out:
                        with open(os.path.join(out, str(i)), "wb") as f:
                            f.write(z.read(info))
                    entries.append({"name": info.filename, "size": info.file_size, "flags": info.flag_bits,
                                    "method": info.compress_type, "version": info.extract_version,
                                    "dateTime": list(info.date_time)})
            json.dump({"bad": bad, "entries": entries}, sys.stdout)
            """
        let (status, output) = try await run(["python3", "-c", script, archive, testingEntries ? "test" : "list", folder ?? ""])
        guard status == 0 else { throw ReaderFailure(tool: "python3 zipfile", status: status, output: String(decoding: output, as: UTF8.self)) }
        return try JSONDecoder().decode(PythonReport.self, from: output)
    }

    /// `unzip -t`: tests every entry's CRC; fails on anything it does not accept.
    static func unzipTest(_ archive: String) async throws {
        let (status, output) = try await run(["unzip", "-tq", archive])
        guard status == 0 else { throw ReaderFailure(tool: "unzip -t", status: status, output: String(decoding: output, as: UTF8.self)) }
    }

    /// `unzip -d`: unpacks the archive into `folder`.
    static func unzipExtract(_ archive: String, into folder: String) async throws {
        let (status, output) = try await run(["unzip", "-q", archive, "-d", folder])
        guard status == 0 else { throw ReaderFailure(tool: "unzip -d", status: status, output: String(decoding: output, as: UTF8.self)) }
    }

    /// A reader refused the archive.
    struct ReaderFailure: Error, CustomStringConvertible {
        var tool: String
        var status: Int32
        var output: String
        var description: String { "\(tool) exited with \(status): \(output.prefix(2000))" }
    }

    /// Runs a program found on PATH in a UTF-8 locale: its exit status, and its output and
    /// errors together.
    private static func run(_ arguments: [String]) async throws -> (Int32, Data) {
        let ending = try await ChildProcess.run(arguments)
        return (ending.status, ending.output + ending.errors)
    }
}
