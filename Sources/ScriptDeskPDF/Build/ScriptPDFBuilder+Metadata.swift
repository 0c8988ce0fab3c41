extension ScriptPDFBuilder {
    /// Title, subject, creator and dates; none names the candidate of an anonymised copy.
    static func setMetadata(of pdf: CairoContext, cover: CoverSheet) {
        pdf.setDocumentInfo(title: cover.documentTitle, subject: cover.documentSubject, date: cover.issuedAt)
    }
}
