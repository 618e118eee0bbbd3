/// One message on the bus: `<kind> <from> <requestID>\n<body>`.
///
/// The header is ASCII words, so a reader can check it without decoding the body; the body is UTF-8 text (the
/// game side sends JSON or plain words).
package struct ClusterEnvelope: Sendable, Equatable {
    /// A short ASCII word naming what the message asks (`say`, `supersede`, `status`), or `reply`/`fail` for answers.
    package var kind: String
    /// The sending node.
    package var from: String
    /// Nonzero for a request (and for its answer, which carries the same id); 0 for a one-way message.
    package var requestID: UInt64
    package var body: String

    package static let replyKind = "reply"
    package static let failKind = "fail"
    static let maxKindLength = 32
    static let maxHeaderBytes = 128

    package init(kind: String, from: String, requestID: UInt64 = 0, body: String) {
        self.kind = kind
        self.from = from
        self.requestID = requestID
        self.body = body
    }

    package static func isValidKind(_ kind: String) -> Bool {
        NodeID.isWord(kind, maxLength: maxKindLength, extra: UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"))
    }

    package func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(kind.utf8.count + from.utf8.count + 22 + body.utf8.count)
        bytes.append(contentsOf: kind.utf8)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: from.utf8)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: String(requestID).utf8)
        bytes.append(10)
        bytes.append(contentsOf: body.utf8)
        return bytes
    }

    /// Reads an envelope; anything out of shape throws ``ClusterError/badPayload(_:)``.
    package static func decode(_ bytes: [UInt8], maxBodyBytes: Int) throws(ClusterError) -> ClusterEnvelope {
        guard let newline = bytes.prefix(maxHeaderBytes).firstIndex(of: 10) else {
            throw .badPayload("no envelope header")
        }
        guard bytes.count - newline - 1 <= maxBodyBytes else { throw .badPayload("body over \(maxBodyBytes) bytes") }
        let header = String(decoding: bytes[..<newline], as: UTF8.self)
        let fields = header.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 3 else { throw .badPayload("envelope header has \(fields.count) fields") }
        let kind = String(fields[0])
        let from = String(fields[1])
        guard isValidKind(kind) else { throw .badPayload("kind '\(kind.prefix(40))'") }
        guard NodeID.isValid(from) else { throw .badPayload("sender '\(from.prefix(40))'") }
        guard fields[2].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let id = UInt64(fields[2]) else {
            throw .badPayload("request id")
        }
        guard let body = String(validating: bytes[(newline + 1)...], as: UTF8.self) else {
            throw .badPayload("body is not UTF-8")
        }
        return ClusterEnvelope(kind: kind, from: from, requestID: id, body: body)
    }
}
