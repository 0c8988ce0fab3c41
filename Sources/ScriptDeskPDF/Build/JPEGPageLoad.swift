import Dispatch

/// Reads and verifies one JPEG page on another thread, so that the strict decode of the
/// next pages (most of a build's work) runs beside the writing of this one: two cores
/// verify two pages at once. At most the page being drawn and the two being verified are
/// in memory.
final class JPEGPageLoad: @unchecked Sendable {
    // Unchecked: `outcome` is written once, by the loading thread, before `done` is
    // signalled, and read only after waiting on `done`.
    private var outcome: Result<VerifiedJPEG, PDFBuildError>?
    private let done = DispatchSemaphore(value: 0)

    /// Starts reading and verifying page `number`.
    init(plan: PagePlan, number: Int) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            outcome = Result { () throws(PDFBuildError) in try ScriptPDFBuilder.verifyJPEGPage(plan, number: number, verification: .decodeEveryPage) }
            done.signal()
        }
    }

    /// Waits for the page; throws what its reading or verifying threw.
    func page() throws(PDFBuildError) -> VerifiedJPEG {
        waitUntilDone()
        guard let outcome else { throw .cairo(status: "a page was not loaded") }
        return try outcome.get()
    }

    /// Waits for the work to end, whatever its outcome (a build that fails stops no earlier
    /// than its last read).
    func waitUntilDone() {
        done.wait()
        done.signal()
    }
}
