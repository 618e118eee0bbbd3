/// Splits a command line into words: runs of non-space characters, or double-quoted text where `\"` and `\\` stand
/// for themselves, so names with spaces can be typed: `who "big bob"`.
package enum AdminTokenizer {
    /// Most words one line may hold.
    package static let maxWords = 64

    package static func split(_ line: String) throws(AdminParseError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quoted = false
        var escaped = false
        for character in line {
            if quoted {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    quoted = false
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
                inWord = true
            } else if character.isWhitespace {
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            } else {
                current.append(character)
                inWord = true
            }
            if words.count > maxWords { throw AdminParseError("more than \(maxWords) words") }
        }
        guard !quoted else { throw AdminParseError("unterminated quote") }
        if inWord { words.append(current) }
        guard words.count <= maxWords else { throw AdminParseError("more than \(maxWords) words") }
        return words
    }

    /// Quotes `word` if it needs it to survive `split` (for echoing names back as typeable commands).
    package static func quote(_ word: String) -> String {
        guard word.isEmpty || word.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "\\" }) else {
            return word
        }
        var out = "\""
        for character in word {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }
}
