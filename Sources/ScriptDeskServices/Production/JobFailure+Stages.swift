import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPDF
import ScriptDeskQueue
import ScriptDeskTransfer

/// A stage of making a copy failed: the queue's classified failure, made from each module's
/// own error with the class that fits it.
extension JobFailure {
    /// A fetch from the archive failed; `page` when it was a scanned page's.
    static func transfer(_ error: TransferError, page: Int? = nil) -> JobFailure {
        let message = page.map { "Page \($0): \(error.message)" } ?? error.message
        return JobFailure(code: error.code, message: message, isTransient: error.isTransient)
    }

    /// The PDF could not be built from the pages. Bad pages are permanent; a write that
    /// cairo could not finish (a full disk) may succeed later.
    static func build(_ error: PDFBuildError) -> JobFailure {
        let transient = if case .cairo = error { true } else { false }
        return JobFailure(code: error.code, message: error.message, isTransient: transient)
    }

    /// The built PDF failed its check.
    static func check(_ error: PDFFinding) -> JobFailure {
        JobFailure(code: error.code, message: "The built PDF failed its check: \(error.message)", isTransient: false)
    }

    /// An email was not sent; the mail error says whether a later attempt may help.
    static func mail(_ error: MailError) -> JobFailure {
        JobFailure(code: error.code, message: error.message, isTransient: error.isTransient)
    }

    /// Publishing to the download area failed.
    static func delivery(_ error: DownloadAreaError) -> JobFailure {
        JobFailure(code: error.code, message: error.message, isTransient: error.isTransient)
    }

    /// The archive's manifest or a page does not match what it should be.
    static func archive(_ reason: String) -> JobFailure {
        JobFailure(code: "archive.mismatch", message: reason, isTransient: false)
    }

    /// This run no longer holds the job's lease: another run has it, and this one stops.
    static let leaseLost = JobFailure(
        code: "job.lease_lost",
        message: "The job's lease passed to another worker before this run finished.",
        isTransient: true
    )

    /// Something the job needs is missing from the database.
    static func missing(_ what: String) -> JobFailure {
        JobFailure(code: "pipeline.missing", message: "\(what) was not found.", isTransient: false)
    }
}
