/// One line of JSON a checker child reads: a check of the file whose descriptor comes with
/// it (and of the thumbnail's, when one is asked for), or a self-test of its sandbox.
struct CheckerRequest: Codable {
    var check: PDFCheckRequest?
    var selfTest: SandboxSelfTest?
}
