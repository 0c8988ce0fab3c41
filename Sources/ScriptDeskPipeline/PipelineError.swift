import ScriptDeskCore
import ScriptDeskDelivery
import ScriptDeskPDF
import ScriptDeskQueue
import ScriptDeskTransfer

/// A stage of the script-copy pipeline failed. Wraps the module's own error with its class.
public struct PipelineError: ClassifiedError, Sendable {
    public var code: String
    public var message: String
    public var isTransient: Bool

    public init(code: String, message: String, isTransient: Bool) {
        self.code = code
        self.message = message
        self.isTransient = isTransient
    }

    /// A fetch from the archive failed.
    static func transfer(_ error: TransferError) -> PipelineError {
        PipelineError(code: error.code, message: error.message, isTransient: error.isTransient)
    }

    /// The PDF could not be built from the pages.
    static func build(_ error: PDFBuildError) -> PipelineError {
        PipelineError(code: error.code, message: error.message, isTransient: false)
    }

    /// The built PDF failed its check.
    static func check(_ error: PDFCheckFailure) -> PipelineError {
        PipelineError(code: error.code, message: "The built PDF failed its check: \(error.message)", isTransient: false)
    }

    /// Publishing to the download area failed.
    static func delivery(_ error: DownloadAreaError) -> PipelineError {
        PipelineError(code: error.code, message: error.message, isTransient: error.isTransient)
    }

    /// The archive's manifest or a page does not match what it should be.
    static func archive(_ reason: String) -> PipelineError {
        PipelineError(code: "archive.mismatch", message: reason, isTransient: false)
    }

    /// Something the job needs is missing from the database.
    static func missing(_ what: String) -> PipelineError {
        PipelineError(code: "pipeline.missing", message: "\(what) was not found.", isTransient: false)
    }
}
