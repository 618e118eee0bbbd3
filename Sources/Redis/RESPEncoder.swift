/// Encodes commands the only way Redis accepts from clients: an array of bulk strings (RESP2 §"Sending commands").
///
/// Everything appends to the caller's buffer: numbers are written digit by digit, so encoding allocates nothing
/// beyond the buffer's own growth.
package enum RESPEncoder {
    /// Appends `*<count>\r\n`: the header of a command with `count` arguments.
    package static func appendArrayHeader(count: Int, into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "*"))
        appendDecimal(count, into: &buffer)
        appendCRLF(into: &buffer)
    }

    /// Appends one argument as `$<length>\r\n<bytes>\r\n`.
    package static func appendBulk(_ bytes: some Collection<UInt8>, into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "$"))
        appendDecimal(bytes.count, into: &buffer)
        appendCRLF(into: &buffer)
        buffer.append(contentsOf: bytes)
        appendCRLF(into: &buffer)
    }

    package static func appendBulk(_ text: String, into buffer: inout [UInt8]) {
        appendBulk(text.utf8, into: &buffer)
    }

    /// Appends a whole command, e.g. `["SET", "key", "value"]`.
    package static func appendCommand(_ arguments: [String], into buffer: inout [UInt8]) {
        appendArrayHeader(count: arguments.count, into: &buffer)
        for argument in arguments { appendBulk(argument.utf8, into: &buffer) }
    }

    /// Appends a whole command whose arguments are bytes (binary payloads).
    package static func appendCommand(_ arguments: [[UInt8]], into buffer: inout [UInt8]) {
        appendArrayHeader(count: arguments.count, into: &buffer)
        for argument in arguments { appendBulk(argument, into: &buffer) }
    }

    /// How many bytes `appendCommand` appends for these arguments, for accounting without encoding.
    package static func encodedSize(_ arguments: [[UInt8]]) -> Int {
        var size = 3 + decimalLength(arguments.count)
        for argument in arguments { size += 5 + decimalLength(argument.count) + argument.count }
        return size
    }

    private static func appendCRLF(into buffer: inout [UInt8]) {
        buffer.append(13)
        buffer.append(10)
    }

    /// Writes a non-negative integer's decimal digits without building a String.
    static func appendDecimal(_ value: Int, into buffer: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    static func decimalLength(_ value: Int) -> Int {
        var length = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            length += 1
        }
        return length
    }
}
