/// A cursor over the bytes of one client message that reads the few JSON values BrowserQuest's protocol uses.
///
/// Integers are parsed straight from the bytes; strings are built once, from the input when they hold no escape
/// and from a reused scratch buffer when they do. Arrays and objects are only skipped, never built, and only
/// ``maxDepth`` levels deep, so the recursion is bounded whatever the input.
struct JSONReader {
    /// How deep arrays and objects may nest, counting the message's own array as 1.
    static let maxDepth = 4

    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index >= bytes.count }

    /// The byte at the cursor, or `nil` at the end.
    func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    /// The byte at the cursor; throws `.unexpectedEnd` at the end.
    func current() throws(ProtocolError) -> UInt8 {
        guard index < bytes.count else { throw .unexpectedEnd }
        return bytes[index]
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    static func startsNumber(_ byte: UInt8) -> Bool {
        byte == 0x2D || isDigit(byte)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10
    }

    // MARK: - Integers

    /// Reads a JSON integer that fits in `Int32`; the cursor is on its `-` or first digit.
    mutating func readInteger() throws(ProtocolError) -> Int {
        var negative = false
        if try current() == 0x2D {
            negative = true
            index += 1
        }
        let first = try current()
        guard Self.isDigit(first) else { throw .unexpectedByte(offset: index) }
        let limit = 1 << 31
        var magnitude = 0
        index += 1
        if first == 0x30 {
            if let next = peek(), Self.isDigit(next) { throw .notAnInteger }
        } else {
            magnitude = Int(first &- 0x30)
            while let byte = peek(), Self.isDigit(byte) {
                // Saturate past Int32 so that thousands of digits cannot overflow Int.
                if magnitude <= limit { magnitude = magnitude * 10 + Int(byte &- 0x30) }
                index += 1
            }
        }
        switch peek() {
        case 0x2E, 0x45, 0x65: throw .notAnInteger  // '.', 'E', 'e'
        default: break
        }
        guard magnitude <= (negative ? limit : limit - 1) else { throw .outOfRange }
        return negative ? -magnitude : magnitude
    }

    // MARK: - Strings

    /// Reads a JSON string (the cursor is on its opening quote) and returns it when `build` is true.
    ///
    /// - Parameters:
    ///   - maxBytes: the longest decoded string accepted, in UTF-8 bytes.
    ///   - scratch: a reused buffer for strings with escapes.
    ///   - build: whether to make a `String`; skipped strings are only checked.
    /// - Throws: `.badString`, `.stringTooLong` or `.unexpectedEnd`.
    mutating func readString(maxBytes: Int, scratch: inout [UInt8], build: Bool) throws(ProtocolError) -> String? {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                guard index - start <= maxBytes else { throw .stringTooLong }
                let end = index
                index += 1
                guard build else { return nil }
                let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                guard let text else { throw .badString }
                return text
            }
            if byte == 0x5C { break }
            guard byte >= 0x20 else { throw .badString }
            index += 1
        }
        guard index < bytes.count else { throw .unexpectedEnd }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while true {
            let byte = try current()
            index += 1
            switch byte {
            case 0x22:
                guard build else { return nil }
                guard let text = String(validating: scratch, as: UTF8.self) else { throw .badString }
                return text
            case 0x5C:
                try readEscape(into: &scratch)
            case 0..<0x20:
                throw .badString
            default:
                scratch.append(byte)
            }
            guard scratch.count <= maxBytes else { throw .stringTooLong }
        }
    }

    /// Decodes the escape after a backslash and appends its UTF-8 bytes.
    private mutating func readEscape(into scratch: inout [UInt8]) throws(ProtocolError) {
        let letter = try current()
        index += 1
        switch letter {
        case 0x22, 0x5C, 0x2F: scratch.append(letter)  // '"', '\\', '/'
        case 0x62: scratch.append(0x08)  // b
        case 0x66: scratch.append(0x0C)  // f
        case 0x6E: scratch.append(0x0A)  // n
        case 0x72: scratch.append(0x0D)  // r
        case 0x74: scratch.append(0x09)  // t
        case 0x75:  // u
            let unit = try readHex4()
            var scalar = unit
            switch unit {
            case 0xD800...0xDBFF:
                // RFC 8259 §7: a character outside the BMP is a surrogate pair of two \u escapes.
                guard try current() == 0x5C else { throw .badString }
                index += 1
                guard try current() == 0x75 else { throw .badString }
                index += 1
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw .badString }
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            case 0xDC00...0xDFFF:
                throw .badString
            default:
                break
            }
            Self.appendUTF8(scalar, to: &scratch)
        default:
            throw .badString
        }
    }

    private mutating func readHex4() throws(ProtocolError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = try current()
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw .badString
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    // MARK: - Skipping

    /// Checks and steps over any JSON value inside a container at `depth` (the message's array is depth 1).
    mutating func skipValue(depth: Int, maxStringBytes: Int, scratch: inout [UInt8]) throws(ProtocolError) {
        switch try current() {
        case 0x22: _ = try readString(maxBytes: maxStringBytes, scratch: &scratch, build: false)
        case 0x74: try skipLiteral("true")
        case 0x66: try skipLiteral("false")
        case 0x6E: try skipLiteral("null")
        case 0x5B, 0x7B: try skipContainer(depth: depth + 1, maxStringBytes: maxStringBytes, scratch: &scratch)
        case let byte where Self.startsNumber(byte): _ = try readInteger()
        default: throw .unexpectedByte(offset: index)
        }
    }

    /// Steps over an array or object whose opening bracket is at the cursor.
    private mutating func skipContainer(depth: Int, maxStringBytes: Int, scratch: inout [UInt8]) throws(ProtocolError) {
        guard depth <= Self.maxDepth else { throw .tooDeep }
        let isObject = bytes[index] == 0x7B
        let close: UInt8 = isObject ? 0x7D : 0x5D
        index += 1
        skipWhitespace()
        if try current() == close {
            index += 1
            return
        }
        while true {
            if isObject {
                guard try current() == 0x22 else { throw .unexpectedByte(offset: index) }
                _ = try readString(maxBytes: maxStringBytes, scratch: &scratch, build: false)
                skipWhitespace()
                guard try current() == 0x3A else { throw .unexpectedByte(offset: index) }
                index += 1
                skipWhitespace()
            }
            try skipValue(depth: depth, maxStringBytes: maxStringBytes, scratch: &scratch)
            skipWhitespace()
            switch try current() {
            case 0x2C:
                index += 1
                skipWhitespace()
            case close:
                index += 1
                return
            default:
                throw .unexpectedByte(offset: index)
            }
        }
    }

    private mutating func skipLiteral(_ literal: StaticString) throws(ProtocolError) {
        let utf8 = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expected in utf8 {
            guard try current() == expected else { throw .unexpectedByte(offset: index) }
            index += 1
        }
    }
}
