/// Why a JSON text was rejected, and where: 1-based line and column (in bytes) and the 0-based byte offset.
package struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Reason: Sendable, Equatable {
        /// The text ended inside a value (or was empty).
        case unexpectedEnd
        /// `found` is not allowed here; `expected` says what would have been.
        case unexpectedByte(found: UInt8, expected: String)
        /// A misspelled `true`, `false` or `null`.
        case invalidLiteral
        /// A number that breaks RFC 8259's grammar (leading zeros, `1.`, `.5`, `1e`, `+1`…).
        case invalidNumber
        /// A number too large for a `Double`.
        case numberOutOfRange
        /// An unescaped byte below 0x20 inside a string.
        case controlCharacterInString
        /// A backslash followed by something other than `"\/bfnrtu`.
        case invalidEscape
        /// `\u` not followed by four hex digits.
        case invalidUnicodeEscape
        /// A `\uD800`–`\uDFFF` escape that is not half of a high/low pair.
        case loneSurrogate
        /// A string's bytes are not valid UTF-8.
        case invalidUTF8
        /// Arrays and objects nested deeper than the parser's limit.
        case nestingTooDeep(limit: Int)
        /// Something other than whitespace after the value.
        case trailingData
    }

    package var reason: Reason
    package var line: Int
    package var column: Int
    package var offset: Int

    package init(reason: Reason, line: Int, column: Int, offset: Int) {
        self.reason = reason
        self.line = line
        self.column = column
        self.offset = offset
    }

    package var description: String { "line \(line), column \(column): \(reason.text)" }
}

extension JSONError.Reason {
    /// A sentence fragment for error messages.
    package var text: String {
        switch self {
        case .unexpectedEnd: return "unexpected end of input"
        case .unexpectedByte(let found, let expected): return "expected \(expected), found \(Self.show(found))"
        case .invalidLiteral: return "invalid literal (expected true, false or null)"
        case .invalidNumber: return "invalid number"
        case .numberOutOfRange: return "number out of range"
        case .controlCharacterInString: return "unescaped control character in string"
        case .invalidEscape: return "invalid escape sequence in string"
        case .invalidUnicodeEscape: return "\\u must be followed by four hex digits"
        case .loneSurrogate: return "unpaired UTF-16 surrogate in \\u escape"
        case .invalidUTF8: return "string is not valid UTF-8"
        case .nestingTooDeep(let limit): return "arrays and objects nested deeper than \(limit)"
        case .trailingData: return "unexpected data after the JSON value"
        }
    }

    private static func show(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
