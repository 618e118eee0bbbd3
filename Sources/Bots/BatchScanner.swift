/// Reads a server frame (`[[…],[…]]`, or a single `[…]`) one message at a time, without building JSON values.
///
/// A bot reads every frame its neighbourhood produces, thousands a second per process, and looks only at the
/// integers: so each message's fields land in one reused array (a string or a nested array as `Int.min`, with the
/// string's raw bytes still reachable through ``text(at:)``). Malformed input ends the scan; nothing is trusted.
package struct BatchScanner {
    /// The current message's fields: integers, and `Int.min` for anything else.
    package private(set) var fields: [Int] = []
    /// Where each string field's bytes lie in the frame (the raw JSON content between its quotes).
    private var stringRanges: [(field: Int, range: Range<Int>)] = []
    private var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    private var index = 0
    /// Whether the frame is a batch (its first element is an array) or one bare message.
    private var isBatch = false
    private var done = true

    package init() {
        fields.reserveCapacity(32)
    }

    /// Starts on `frame`, which must stay valid until the scan ends.
    package mutating func begin(_ frame: UnsafeRawBufferPointer) {
        bytes = frame
        index = 0
        done = false
        skipSpace()
        let open = index
        guard consume(UInt8(ascii: "[")) else { return finish() }
        skipSpace()
        isBatch = peek == UInt8(ascii: "[")
        // One bare message: read from its `[` again, as if it were a batch's only element.
        if !isBatch { index = open }
    }

    /// Reads the next message into ``fields``; false when the frame has no more (or is malformed).
    package mutating func next() -> Bool {
        guard !done else { return false }
        fields.removeAll(keepingCapacity: true)
        stringRanges.removeAll(keepingCapacity: true)
        skipSpace()
        guard consume(UInt8(ascii: "[")) else {
            finish()
            return false
        }
        skipSpace()
        if consume(UInt8(ascii: "]")) { return afterMessage() }
        while true {
            skipSpace()
            guard let value = readField() else {
                finish()
                return false
            }
            fields.append(value)
            skipSpace()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "]")) else {
                finish()
                return false
            }
            return afterMessage()
        }
    }

    /// The raw bytes of string field `field` of the current message (escapes left as they are), if it is one.
    package func text(at field: Int) -> UnsafeRawBufferPointer? {
        guard let entry = stringRanges.first(where: { $0.field == field }) else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[entry.range])
    }

    /// The integer at `field`, or nil when the message is shorter or holds something else there.
    package func int(_ field: Int) -> Int? {
        field < fields.count && fields[field] != Int.min ? fields[field] : nil
    }

    private mutating func afterMessage() -> Bool {
        if !isBatch {
            done = true
            return true
        }
        skipSpace()
        if consume(UInt8(ascii: ",")) { return true }
        // `]` closes the batch; anything else is malformed, but the message just read stands.
        done = true
        return true
    }

    private mutating func finish() {
        done = true
        fields.removeAll(keepingCapacity: true)
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    /// An integer, or `Int.min` for a string, nested array, literal or fraction; nil when the input is malformed.
    private mutating func readField() -> Int? {
        guard let byte = peek else { return nil }
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return readNumber()
        case UInt8(ascii: "\""):
            let field = fields.count
            guard let range = skipString() else { return nil }
            stringRanges.append((field, range))
            return Int.min
        case UInt8(ascii: "["):
            return skipArray() ? Int.min : nil
        default:
            // true, false, null: letters up to the next delimiter.
            let start = index
            while let next = peek, next >= UInt8(ascii: "a"), next <= UInt8(ascii: "z") { index += 1 }
            return index > start ? Int.min : nil
        }
    }

    private mutating func readNumber() -> Int? {
        let negative = consume(UInt8(ascii: "-"))
        var value = 0
        var digits = 0
        while let byte = peek, byte &- 0x30 < 10 {
            // 18 digits cannot overflow; longer numbers are not the protocol's.
            guard digits < 18 else { return nil }
            value = value * 10 + Int(byte &- 0x30)
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        if let byte = peek, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            while let next = peek, next != UInt8(ascii: ","), next != UInt8(ascii: "]") { index += 1 }
            return Int.min
        }
        return negative ? -value : value
    }

    /// Skips a string; returns the range of its content.
    private mutating func skipString() -> Range<Int>? {
        index += 1
        let start = index
        while let byte = peek {
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            index += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        return nil
    }

    /// Skips a nested array (the server sends them only one level down: DROP's haters).
    private mutating func skipArray() -> Bool {
        var depth = 0
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "\""):
                guard skipString() != nil else { return false }
                continue
            case UInt8(ascii: "["):
                depth += 1
                guard depth <= 8 else { return false }
            case UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    index += 1
                    return true
                }
            default:
                break
            }
            index += 1
        }
        return false
    }
}
