/// A close status code (RFC 6455 §7.4). A struct rather than an enum so any code a peer sends can be carried.
package struct WebSocketCloseCode: RawRepresentable, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The code as sent on the wire (big-endian in the first two bytes of a close payload, §5.5.1).
    package var rawValue: UInt16

    /// Any code, valid on the wire or not (see `isValidOnWire`).
    package init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Any code, valid on the wire or not (see `isValidOnWire`).
    package init(_ rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// 1000: the purpose of the connection has been fulfilled.
    package static let normalClosure = WebSocketCloseCode(1000)
    /// 1001: the endpoint is going away (server shutdown, page navigation).
    package static let goingAway = WebSocketCloseCode(1001)
    /// 1002: the peer broke the protocol.
    package static let protocolError = WebSocketCloseCode(1002)
    /// 1003: a data type the endpoint cannot accept.
    package static let unsupportedData = WebSocketCloseCode(1003)
    /// 1005: reported locally when a close frame had no code; never sent (RFC 6455 §7.4.1).
    package static let noStatusReceived = WebSocketCloseCode(1005)
    /// 1006: reported locally when the connection dropped without a close frame; never sent (RFC 6455 §7.4.1).
    package static let abnormal = WebSocketCloseCode(1006)
    /// 1007: message data inconsistent with its type, such as invalid UTF-8 in a text message.
    package static let invalidPayload = WebSocketCloseCode(1007)
    /// 1008: a message that violates the endpoint's policy.
    package static let policyViolation = WebSocketCloseCode(1008)
    /// 1009: a message too big to process.
    package static let messageTooBig = WebSocketCloseCode(1009)
    /// 1010: the client expected the server to negotiate an extension.
    package static let mandatoryExtension = WebSocketCloseCode(1010)
    /// 1011: the server hit an unexpected condition.
    package static let internalError = WebSocketCloseCode(1011)

    /// Whether `code` may appear in a close frame on the wire (RFC 6455 §7.4).
    package static func isValidOnWire(_ code: UInt16) -> Bool {
        switch code {
        // §7.4.1 defines these; 1012–1014 were registered with IANA later (§11.7 registry).
        case 1000...1003, 1007...1014: true
        // 1004 is reserved, 1005 and 1006 must never be sent (§7.4.1), 1015 is for TLS failures reported locally,
        // and 1016–2999 are reserved for future revisions of the protocol (§7.4.2).
        // 3000–3999 are for libraries and frameworks (IANA), 4000–4999 for private use (§7.4.2).
        case 3000...4999: true
        default: false
        }
    }

    /// The decimal code, as in `1000`.
    package var description: String { String(rawValue) }
}
