/// Why a client message was refused. Any of these closes the connection (WebSocket close code 1008).
package enum ProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message does not start with `[` (after optional whitespace).
    case notJSONArray
    /// The input ended inside the message.
    case unexpectedEnd
    /// A byte that JSON does not allow at this offset of the input.
    case unexpectedByte(offset: Int)
    /// The first element is an integer that is not a BrowserQuest message code.
    case unknownCode(Int)
    /// The code is one only the server sends (WELCOME, SPAWN, …).
    case notAClientMessage(MessageCode)
    /// The message has `got` arguments after its code; `expected` is `"3"` or `"at least 1"`.
    case wrongArity(MessageCode, expected: String, got: Int)
    /// The argument at `argument` (0 is the first after the code) is not of the type the message needs.
    case wrongType(MessageCode, argument: Int)
    /// A number with a fraction, an exponent or a leading zero.
    case notAnInteger
    /// An integer outside `Int32`.
    case outOfRange
    /// A string with an invalid escape, a lone surrogate, a raw control character or invalid UTF-8.
    case badString
    /// A string longer than ``ClientMessageDecoder/Limits/maxStringBytes`` once decoded.
    case stringTooLong
    /// A WHO with more than ``ClientMessageDecoder/Limits/maxWhoIDs`` ids.
    case tooManyIDs
    /// Arrays or objects nested deeper than the decoder follows.
    case tooDeep
    /// A message longer than ``ClientMessageDecoder/Limits/maxMessageBytes``.
    case tooLong
    /// Something other than whitespace after the closing `]`.
    case trailingBytes

    package var description: String {
        switch self {
        case .notJSONArray: "not a JSON array"
        case .unexpectedEnd: "message ends early"
        case .unexpectedByte(let offset): "unexpected byte at offset \(offset)"
        case .unknownCode(let code): "unknown message code \(code)"
        case .notAClientMessage(let code): "\(code.name) is not a client message"
        case .wrongArity(let code, let expected, let got): "\(code.name) needs \(expected) arguments, got \(got)"
        case .wrongType(let code, let argument): "\(code.name) argument \(argument) has the wrong type"
        case .notAnInteger: "number is not an integer"
        case .outOfRange: "integer out of range"
        case .badString: "invalid string"
        case .stringTooLong: "string too long"
        case .tooManyIDs: "too many ids"
        case .tooDeep: "nested too deeply"
        case .tooLong: "message too long"
        case .trailingBytes: "bytes after the message"
        }
    }
}
