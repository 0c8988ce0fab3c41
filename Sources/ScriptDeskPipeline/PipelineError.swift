import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPDF
import ScriptDeskQueue
import ScriptDeskTransfer

/// A stage of the script-copy pipeline failed: the queue's classified failure, made from
/// each module's own error with the class that fits it.
public typealias PipelineError = JobFailure

extension JobFailure {
    /// A fetch from the archive failed; `page` when it was a scanned page's.
    static func transfer(_ error: TransferError, page: Int? = nil) -> PipelineError {
        let message = page.map { "Page \($0): \(error.message)" } ?? error.message
        return PipelineError(code: error.code, message: message, isTransient: error.isTransient)
    }

    /// The PDF could not be built from the pages. Bad pages are permanent; a write that
    /// cairo could not finish (a full disk) may succeed later.
    static func build(_ error: PDFBuildError) -> PipelineError {
        let transient = if case .cairo = error { true } else { false }
        return PipelineError(code: error.code, message: error.message, isTransient: transient)
    }

    /// The built PDF failed its check.
    static func check(_ error: PDFFinding) -> PipelineError {
        PipelineError(code: error.code, message: "The built PDF failed its check: \(error.message)", isTransient: false)
    }

    /// An email was not sent; the mail error says whether a later attempt may help.
    static func mail(_ error: MailError) -> PipelineError {
        PipelineError(code: error.code, message: error.message, isTransient: error.isTransient)
    }

    /// Publishing to the download area failed.
    static func delivery(_ error: DownloadAreaError) -> PipelineError {
        PipelineError(code: error.code, message: error.message, isTransient: error.isTransient)
    }

    /// The archive's manifest or a page does not match what it should be.
    static func archive(_ reason: String) -> PipelineError {
        PipelineError(code: "archive.mismatch", message: reason, isTransient: false)
    }

    /// This run no longer holds the job's lease: another run has it, and this one stops.
    static let leaseLost = PipelineError(
        code: "job.lease_lost",
        message: "The job's lease passed to another worker before this run finished.",
        isTransient: true
    )

    /// Something the job needs is missing from the database.
    static func missing(_ what: String) -> PipelineError {
        PipelineError(code: "pipeline.missing", message: "\(what) was not found.", isTransient: false)
    }
}
