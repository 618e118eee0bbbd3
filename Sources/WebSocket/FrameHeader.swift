/// The decoded fixed part of one frame (RFC 6455 §5.2), before its payload.
package struct FrameHeader: Sendable, Equatable {
    /// Whether this is the final fragment of its message (always true for control frames, §5.5).
    package var fin: Bool
    /// RSV1: the message is compressed (permessage-deflate, RFC 7692 §6); set only on a data message's first frame.
    package var rsv1: Bool
    /// What the frame carries (§5.2, §11.8).
    package var opcode: WebSocketOpcode
    /// The payload length in bytes as announced by the header.
    package var payloadLength: UInt64
    /// The masking key as the big-endian value of its four wire bytes (`37 fa 21 3d` is `0x37fa_213d`), or nil for
    /// an unmasked frame.
    package var maskingKey: UInt32?

    /// A header with the given fields.
    package init(fin: Bool, rsv1: Bool = false, opcode: WebSocketOpcode, payloadLength: UInt64, maskingKey: UInt32?) {
        self.fin = fin
        self.rsv1 = rsv1
        self.opcode = opcode
        self.payloadLength = payloadLength
        self.maskingKey = maskingKey
    }
}
