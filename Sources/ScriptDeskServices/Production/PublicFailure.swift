/// What a centre is told when its request fails. The full error (URLs, paths, library
/// messages) stays in the job's error history for operations; centres get a sentence
/// chosen by the error's code, which never carries internal detail.
enum PublicFailure {
    static func message(for code: String) -> String {
        switch code {
        case _ where code.hasPrefix("transfer.") || code.hasPrefix("archive."):
            "The scanned script could not be retrieved intact from the script archive. Operations have been alerted."
        case _ where code.hasPrefix("pdf."):
            "The copy could not be produced as a valid PDF from the scanned pages. Operations have been alerted."
        case "job.cancelled":
            "Operations cancelled this copy. Ask for it again if you still need it."
        case "job.worker_lost":
            "Producing the copy failed repeatedly. Operations have been alerted."
        default:
            "The copy could not be produced. Operations have been alerted."
        }
    }
}
