/// One RESP2 value as Redis sends it. Null bulk strings and null arrays are both ``null``: no caller tells them
/// apart, and one case keeps every `switch` short.
package enum RESPValue: Sendable, Equatable {
    /// `+OK\r\n`: a status line.
    case simpleString(String)
    /// `-ERR message\r\n`: inside an array (`EXEC`) it stays a value; as a whole reply the client makes it a
    /// failure.
    case error(String)
    case integer(Int64)
    /// `$3\r\nfoo\r\n`: binary-safe bytes.
    case bulkString([UInt8])
    case array([RESPValue])
    /// `$-1\r\n` or `*-1\r\n`.
    case null

    /// The text of a status or a bulk string (bulk bytes decoded as UTF-8, invalid sequences repaired).
    package var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The bytes of a bulk string or a status.
    package var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): bytes
        case .simpleString(let text): Array(text.utf8)
        default: nil
        }
    }

    package var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    package var array: [RESPValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    package var isNull: Bool { self == .null }
}

/// Why the parser gave up. After any of these the stream cannot be resynchronised: the connection must go.
package enum RESPError: Error, Equatable, CustomStringConvertible {
    /// Not RESP: an unknown type byte, a bad number, a line without CRLF.
    case malformed(String)
    /// A length, count or line over the parser's ``RESPParser/Limits``.
    case tooLarge(String)
    /// Arrays nested deeper than the limit.
    case tooDeep(Int)

    package var description: String {
        switch self {
        case .malformed(let why): "malformed RESP: \(why)"
        case .tooLarge(let why): "RESP value too large: \(why)"
        case .tooDeep(let depth): "RESP arrays nested deeper than \(depth)"
        }
    }
}
