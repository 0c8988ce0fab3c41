import Testing

@testable import ScriptDeskWeb

/// CSV as the bulk upload reads it and the exports write it.
@Suite struct CSVTests {
    @Test func quotedFieldsCommasLineBreaksAndAByteOrderMarkAreRead() {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\nlast,,\n"
        #expect(CSV.parse(text) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["last", "", ""]])
    }

    @Test func exportsNeutraliseWhatASpreadsheetWouldRun() {
        let text = CSV.encode([["=HYPERLINK(\"x\")", "a,b", "+1", "plain"]])
        #expect(text == "\"'=HYPERLINK(\"\"x\"\")\",\"a,b\",'+1,plain\r\n")
        #expect(CSV.parse(text) == [["'=HYPERLINK(\"x\")", "a,b", "'+1", "plain"]])
    }
}
