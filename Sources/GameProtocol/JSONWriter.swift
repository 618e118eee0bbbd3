/// Writes JSON integers and strings straight into an output buffer, without building intermediate strings.
enum JSONWriter {
    /// Writes `value` in decimal.
    static func integer(_ value: Int, into out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        let magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor &*= 10 }
        while divisor > 0 {
            out.append(0x30 &+ UInt8(truncatingIfNeeded: magnitude / divisor % 10))
            divisor /= 10
        }
    }

    /// Writes `null`.
    static func null(into out: inout [UInt8]) {
        out.append(0x6E)
        out.append(0x75)
        out.append(0x6C)
        out.append(0x6C)
    }

    /// Writes `,` then `value`: the next field of a message.
    static func field(_ value: Int, into out: inout [UInt8]) {
        out.append(0x2C)
        integer(value, into: &out)
    }

    /// Writes `,` then `value` as a JSON string.
    static func field(_ value: String, into out: inout [UInt8]) {
        out.append(0x2C)
        string(value, into: &out)
    }

    /// Writes `value` as a quoted JSON string.
    ///
    /// Besides `"`, `\` and control characters, `<`, `>` and `&` are written as `\u003c`, `\u003e` and `\u0026`: the
    /// same string once parsed, but no text the server relays can ever read as HTML, even to a client that misuses
    /// it. Other characters, ASCII or not, pass through as UTF-8.
    static func string(_ value: String, into out: inout [UInt8]) {
        out.append(0x22)
        for byte in value.utf8 {
            switch byte {
            case 0x22, 0x5C:
                out.append(0x5C)
                out.append(byte)
            case 0..<0x20, 0x26, 0x3C, 0x3E:
                unicodeEscape(byte, into: &out)
            default:
                out.append(byte)
            }
        }
        out.append(0x22)
    }

    private static func unicodeEscape(_ byte: UInt8, into out: inout [UInt8]) {
        out.append(0x5C)
        out.append(0x75)
        out.append(0x30)
        out.append(0x30)
        out.append(hexDigit(byte >> 4))
        out.append(hexDigit(byte & 0x0F))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10
    }
}
