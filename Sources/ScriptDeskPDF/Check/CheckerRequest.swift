/// One line of JSON a checker child reads: a check of the file whose descriptor comes with
/// it (and of the thumbnail's, when one is asked for), a build of a copy (the descriptors of
/// its output's partial file and then of its inputs come with it), or a self-test of its
/// sandbox.
struct CheckerRequest: Codable {
    var check: PDFCheckRequest?
    var build: PDFBuildRequest?
    var selfTest: SandboxSelfTest?
}
