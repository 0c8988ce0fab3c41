import Foundation

/// How header values are written: plain ASCII as it is (folded at spaces when long),
/// anything else as RFC 2047 encoded words (`=?UTF-8?B?…?=`), each at most 75 characters
/// and cut only between characters, so that every reader can decode the text intact.
enum HeaderEncoding {
    /// The longest line a header should have (RFC 5322 §2.1.1), without the CRLF.
    static let lineLength = 78

    /// A display name: as it is when it is only letters, digits and the characters an atom
    /// may hold; quoted when it is other printable ASCII; encoded words otherwise.
    static func phrase(_ text: String) -> String {
        let atext = Set("!#$%&'*+-/=?^_`{|}~ ")
        if text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || atext.contains(Character($0))) }
        ),
            !text.contains("=?")
        {
            return text
        }
        if text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }), !text.contains("=?") {
            return "\"" + text.replacingAll(["\\": "\\\\", "\"": "\\\""]) + "\""
        }
        return encodedWords(text).joined(separator: " ")
    }

    /// An unstructured value such as a subject, folded into lines for the header `field`:
    /// the first line starts after `Field: `, the others with a space.
    static func unstructured(_ text: String, field: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) || $0 == "\t" } && !text.contains("=?")
        let words = plain ? text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) : encodedWords(text)
        return fold(words, startingAt: field.count + 2)
    }

    /// Joins words with spaces, starting a new line (CRLF and a space) before any word that
    /// would pass the line length; a word longer than a line stays whole.
    static func fold(_ words: [String], startingAt start: Int) -> String {
        var result = ""
        var column = start
        for (index, word) in words.enumerated() {
            if index > 0 {
                if column + 1 + word.utf8.count > lineLength && column > 1 {
                    result += "\r\n "
                    column = 1
                } else {
                    result += " "
                    column += 1
                }
            }
            result += word
            column += word.utf8.count
        }
        return result
    }

    /// The text as base64 encoded words of at most 60 characters (RFC 2047 allows 75, and a
    /// line of 76): each carries at most 36 bytes of UTF-8 and ends at a character boundary,
    /// so that even the first, after `Subject: `, keeps its line within 78.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 36, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words
    }
}

extension String {
    /// The string with each key replaced by its value, in one pass.
    func replacingAll(_ replacements: [Character: String]) -> String {
        var result = ""
        for character in self { result += replacements[character] ?? String(character) }
        return result
    }
}
