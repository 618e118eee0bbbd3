/// PostgreSQL's frontend/backend protocol 3.0, sans-IO: the messages the client writes, and the reading of the
/// server's, with a size limit so a hostile or broken server cannot make the client allocate without bound.
enum PostgresWire {
    /// Protocol 3.0 in the start-up message.
    static let protocolVersion: Int32 = 196_608
    /// No backend message this client expects comes near this; a longer one is a protocol violation.
    static let maximumMessageBytes = 64 << 20

    /// The start-up message: no type byte, then `name\0value\0` pairs and a final `\0`.
    static func startup(_ parameters: [(String, String)]) -> [UInt8] {
        var body: [UInt8] = []
        appendInt32(protocolVersion, to: &body)
        for (name, value) in parameters {
            appendCString(name, to: &body)
            appendCString(value, to: &body)
        }
        body.append(0)
        var message: [UInt8] = []
        appendInt32(Int32(body.count + 4), to: &message)
        return message + body
    }

    /// A password (cleartext or md5): `p` with the text.
    static func password(_ text: String) -> [UInt8] {
        var body: [UInt8] = []
        appendCString(text, to: &body)
        return message("p", body)
    }

    static func saslInitialResponse(mechanism: String, data: String) -> [UInt8] {
        var body: [UInt8] = []
        appendCString(mechanism, to: &body)
        appendInt32(Int32(data.utf8.count), to: &body)
        body += Array(data.utf8)
        return message("p", body)
    }

    static func saslResponse(_ data: String) -> [UInt8] { message("p", Array(data.utf8)) }

    /// Parse of the unnamed statement, no parameter types (the server infers them; casts in the SQL pin them).
    static func parse(_ sql: String) -> [UInt8] {
        var body: [UInt8] = [0]
        appendCString(sql, to: &body)
        appendInt16(0, to: &body)
        return message("P", body)
    }

    /// Bind of the unnamed portal to the unnamed statement, every parameter and result in text format.
    static func bind(_ parameters: [String?]) -> [UInt8] {
        var body: [UInt8] = [0, 0]
        appendInt16(0, to: &body)
        appendInt16(Int16(truncatingIfNeeded: parameters.count), to: &body)
        for parameter in parameters {
            if let parameter {
                appendInt32(Int32(parameter.utf8.count), to: &body)
                body += Array(parameter.utf8)
            } else {
                appendInt32(-1, to: &body)
            }
        }
        appendInt16(0, to: &body)
        return message("B", body)
    }

    /// Execute the unnamed portal, all rows.
    static let execute: [UInt8] = message("E", [0, 0, 0, 0, 0])
    static let sync: [UInt8] = message("S", [])
    static let terminate: [UInt8] = message("X", [])

    /// A simple query: several statements in one string (migrations), results in text.
    static func query(_ sql: String) -> [UInt8] {
        var body: [UInt8] = []
        appendCString(sql, to: &body)
        return message("Q", body)
    }

    static func message(_ type: Character, _ body: [UInt8]) -> [UInt8] {
        var message: [UInt8] = [type.asciiValue!]
        appendInt32(Int32(body.count + 4), to: &message)
        return message + body
    }

    static func appendInt32(_ value: Int32, to bytes: inout [UInt8]) {
        let raw = UInt32(bitPattern: value)
        bytes += [UInt8(raw >> 24), UInt8(raw >> 16 & 0xFF), UInt8(raw >> 8 & 0xFF), UInt8(raw & 0xFF)]
    }

    static func appendInt16(_ value: Int16, to bytes: inout [UInt8]) {
        let raw = UInt16(bitPattern: value)
        bytes += [UInt8(raw >> 8), UInt8(raw & 0xFF)]
    }

    /// The text's bytes and a terminating zero. A zero inside the text would cut it short, so it is dropped: SQL
    /// and parameters go in Bind (length-prefixed), only names and SQL text go here.
    static func appendCString(_ text: String, to bytes: inout [UInt8]) {
        bytes += text.utf8.filter { $0 != 0 }
        bytes.append(0)
    }
}

/// One message from the server: its type byte and body.
struct BackendMessage: Equatable {
    var type: UInt8
    var body: [UInt8]
}

/// Splits the bytes read from the server into messages.
struct BackendMessageReader {
    private var buffer: [UInt8] = []
    private var start = 0

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if start > 0 && start * 2 >= buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    mutating func reset() {
        buffer = []
        start = 0
    }

    /// The next whole message, nil when more bytes are needed; throws on a length outside 4...limit.
    mutating func next() throws(PostgresError) -> BackendMessage? {
        guard buffer.count - start >= 5 else { return nil }
        let length =
            Int(buffer[start + 1]) << 24 | Int(buffer[start + 2]) << 16 | Int(buffer[start + 3]) << 8
            | Int(buffer[start + 4])
        guard length >= 4, length <= PostgresWire.maximumMessageBytes else {
            throw .protocolViolation("a message of \(length) bytes")
        }
        guard buffer.count - start >= 1 + length else { return nil }
        let message = BackendMessage(type: buffer[start], body: Array(buffer[(start + 5)..<(start + 1 + length)]))
        start += 1 + length
        return message
    }
}

/// Reads the fields of a message body; every read checks the bounds and fails as a protocol violation.
struct MessageBody {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index >= bytes.count }

    mutating func int32() throws(PostgresError) -> Int32 {
        guard bytes.count - index >= 4 else { throw .protocolViolation("a short message") }
        let raw =
            UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8
            | UInt32(bytes[index + 3])
        index += 4
        return Int32(bitPattern: raw)
    }

    mutating func int16() throws(PostgresError) -> Int16 {
        guard bytes.count - index >= 2 else { throw .protocolViolation("a short message") }
        let raw = UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
        index += 2
        return Int16(bitPattern: raw)
    }

    mutating func cString() throws(PostgresError) -> String {
        guard let end = bytes[index...].firstIndex(of: 0) else { throw .protocolViolation("an unterminated string") }
        let text = String(decoding: bytes[index..<end], as: UTF8.self)
        index = end + 1
        return text
    }

    mutating func bytes(_ count: Int) throws(PostgresError) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - index >= count else { throw .protocolViolation("a short message") }
        defer { index += count }
        return bytes[index..<(index + count)]
    }

    var rest: ArraySlice<UInt8> { bytes[min(index, bytes.count)...] }

    /// A DataRow's values, text format: nil for SQL NULL.
    static func dataRow(_ body: [UInt8]) throws(PostgresError) -> [String?] {
        var reader = MessageBody(body)
        let count = Int(try reader.int16())
        guard count >= 0 else { throw .protocolViolation("a negative column count") }
        var values: [String?] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            let length = Int(try reader.int32())
            values.append(length < 0 ? nil : String(decoding: try reader.bytes(length), as: UTF8.self))
        }
        return values
    }

    /// An ErrorResponse's or NoticeResponse's fields, by their one-byte codes.
    static func errorFields(_ body: [UInt8]) -> PostgresServerError {
        var fields: [UInt8: String] = [:]
        var index = 0
        while index < body.count, body[index] != 0 {
            let code = body[index]
            index += 1
            guard let end = body[index...].firstIndex(of: 0) else { break }
            fields[code] = String(decoding: body[index..<end], as: UTF8.self)
            index = end + 1
        }
        return PostgresServerError(
            severity: fields[UInt8(ascii: "V")] ?? fields[UInt8(ascii: "S")] ?? "ERROR",
            code: fields[UInt8(ascii: "C")] ?? "XX000", message: fields[UInt8(ascii: "M")] ?? "unknown error",
            detail: fields[UInt8(ascii: "D")], constraint: fields[UInt8(ascii: "n")])
    }
}

/// An ErrorResponse: SQLSTATE `code` and the server's message.
package struct PostgresServerError: Error, Sendable, Equatable, CustomStringConvertible {
    package var severity: String
    package var code: String
    package var message: String
    package var detail: String?
    package var constraint: String?

    package var description: String { "\(severity) \(code): \(message)" + (detail.map { " (\($0))" } ?? "") }
}

/// Why a call to the server failed.
package enum PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection failed, was lost or timed out: transient, the next call reconnects.
    case io(String)
    /// The server broke the protocol (or said something this client does not expect): the connection is dropped.
    case protocolViolation(String)
    /// The server refused the login (wrong password, no such database, unsupported method).
    case authentication(String)
    /// The server answered with an error; the connection is still usable.
    case server(PostgresServerError)

    package var description: String {
        switch self {
        case .io(let why): "PostgreSQL connection: \(why)"
        case .protocolViolation(let why): "PostgreSQL protocol violation: \(why)"
        case .authentication(let why): "PostgreSQL login: \(why)"
        case .server(let error): "PostgreSQL: \(error)"
        }
    }
}
