/// A strict RFC 8259 JSON parser for configuration and map files.
///
/// - The whole text must be one value, optionally surrounded by whitespace; a leading UTF-8 byte order mark is
///   skipped (§8.1 allows it), anything after the value is an error.
/// - Strings must be valid UTF-8 without raw control characters; every escape is decoded, and `\u` surrogate pairs
///   combine into one scalar while unpaired surrogates are rejected.
/// - Numbers follow the RFC grammar exactly (no `+1`, `01`, `1.`, `.5`, `NaN`). Those without a fraction or
///   exponent become `.integer` when they fit `Int`; the rest become `.number`, and out-of-range ones (`1e400`)
///   are rejected. `-0` is `.number(-0.0)` so its sign survives.
/// - Arrays and objects nest at most `maxDepth` deep. In an object, the last of several equal keys wins.
package enum JSONParser {
    /// Deep enough for any real document, shallow enough that the recursive descent cannot exhaust a thread's stack.
    package static let defaultMaxDepth = 512

    package static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(JSONError)
        -> JSONValue
    {
        var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
        return try reader.parseDocument()
    }

    package static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) -> JSONValue in try parse(raw, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    package static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }
}

/// The recursive-descent state: a cursor into the bytes and the current nesting depth.
private struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    let maxDepth: Int
    var index = 0
    var depth = 0

    init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw failure(.trailingData) }
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        guard index < bytes.count else { throw failure(.unexpectedEnd) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        case let byte:
            throw failure(.unexpectedByte(found: byte, expected: "a value"))
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let start = index
        for expected in UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
            guard index < bytes.count else { throw failure(.unexpectedEnd) }
            guard bytes[index] == expected else { throw failure(.invalidLiteral, at: start) }
            index += 1
        }
    }

    // MARK: - Containers

    private mutating func enterContainer() throws(JSONError) {
        depth += 1
        guard depth <= maxDepth else { throw failure(.nestingTooDeep(limit: maxDepth)) }
        index += 1
        skipWhitespace()
    }

    /// Consumes `,` (returning true) or `close` (returning false) after an element.
    private mutating func continueContainer(close: UInt8, expected: String) throws(JSONError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw failure(.unexpectedEnd) }
        let byte = bytes[index]
        guard byte == UInt8(ascii: ",") || byte == close else {
            throw failure(.unexpectedByte(found: byte, expected: expected))
        }
        index += 1
        if byte == close { depth -= 1 }
        return byte != close
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        repeat {
            skipWhitespace()
            elements.append(try parseValue())
        } while try continueContainer(close: UInt8(ascii: "]"), expected: "',' or ']'")
        return .array(elements)
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enterContainer()
        var members: [String: JSONValue] = [:]
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        repeat {
            skipWhitespace()
            guard index < bytes.count else { throw failure(.unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw failure(.unexpectedByte(found: bytes[index], expected: "a string key"))
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw failure(.unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw failure(.unexpectedByte(found: bytes[index], expected: "':' after an object key"))
            }
            index += 1
            skipWhitespace()
            members[key] = try parseValue()
        } while try continueContainer(close: UInt8(ascii: "}"), expected: "',' or '}'")
        return .object(members)
    }

    // MARK: - Strings

    /// Parses a string starting at its opening quote. Strings without escapes are decoded straight from the input.
    private mutating func parseString() throws(JSONError) -> String {
        let open = index
        index += 1
        let start = index
        var asciiOnly = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if asciiOnly { return String(decoding: raw, as: UTF8.self) }
                guard let string = String(validating: raw, as: UTF8.self) else {
                    throw failure(.invalidUTF8, at: open)
                }
                return string
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(open: open, start: start) }
            if byte < 0x20 { throw failure(.controlCharacterInString) }
            if byte >= 0x80 { asciiOnly = false }
            index += 1
        }
        throw failure(.unexpectedEnd)
    }

    /// The slow path, from the first backslash: the string is rebuilt byte by byte and validated at the end.
    private mutating func parseEscapedString(open: Int, start: Int) throws(JSONError) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(index - start + 16)
        utf8.append(contentsOf: bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let string = String(validating: utf8, as: UTF8.self) else {
                    throw failure(.invalidUTF8, at: open)
                }
                return string
            case UInt8(ascii: "\\"):
                try parseEscape(into: &utf8)
            case 0..<0x20:
                throw failure(.controlCharacterInString)
            default:
                utf8.append(byte)
                index += 1
            }
        }
        throw failure(.unexpectedEnd)
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(JSONError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw failure(.unexpectedEnd) }
        let letter = bytes[index]
        index += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(letter)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var value = UInt32(try parseHex4())
            if (0xDC00...0xDFFF).contains(value) { throw failure(.loneSurrogate, at: escapeStart) }
            if (0xD800...0xDBFF).contains(value) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw failure(.loneSurrogate, at: escapeStart) }
                index += 2
                let low = UInt32(try parseHex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw failure(.loneSurrogate, at: escapeStart) }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            // Surrogates were handled above, so every remaining value is a valid scalar.
            let scalar = Unicode.Scalar(value)!
            UTF8.encode(scalar) { utf8.append($0) }
        default:
            throw failure(.invalidEscape, at: escapeStart)
        }
    }

    private mutating func parseHex4() throws(JSONError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw failure(.unexpectedEnd) }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure(.invalidUnicodeEscape)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    // MARK: - Numbers

    private func isDigit(at position: Int) -> Bool {
        position < bytes.count && bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9")
    }

    private mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard isDigit(at: index) else { throw failure(.invalidNumber, at: start) }
        var magnitude: UInt64 = 0
        var overflowed = false
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(at: index) { throw failure(.invalidNumber, at: start) }
        } else {
            while isDigit(at: index) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
                magnitude = sum
                overflowed = overflowed || o1 || o2
                index += 1
            }
        }
        var isInteger = true
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard isDigit(at: index) else { throw failure(.invalidNumber, at: start) }
            while isDigit(at: index) { index += 1 }
        }
        if index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard isDigit(at: index) else { throw failure(.invalidNumber, at: start) }
            while isDigit(at: index) { index += 1 }
        }
        if isInteger && !overflowed {
            if !negative && magnitude <= UInt64(Int.max) { return .integer(Int(magnitude)) }
            if negative && magnitude != 0 && magnitude <= UInt64(Int.max) + 1 {
                return .integer(Int(truncatingIfNeeded: 0 &- magnitude))
            }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw failure(.invalidNumber, at: start) }
        guard value.isFinite else { throw failure(.numberOutOfRange, at: start) }
        return .number(value)
    }

    // MARK: - Errors

    private func failure(_ reason: JSONError.Reason, at offset: Int? = nil) -> JSONError {
        let offset = offset ?? index
        var line = 1
        var lineStart = 0
        for position in 0..<min(offset, bytes.count) where bytes[position] == 0x0A {
            line += 1
            lineStart = position + 1
        }
        return JSONError(reason: reason, line: line, column: offset - lineStart + 1, offset: offset)
    }
}
