/// A frame's opcode (RFC 6455 §5.2, §11.8). Reserved values (3–7, 11–15) have no case: a frame carrying one
/// fails the connection.
package enum WebSocketOpcode: UInt8, Sendable, Equatable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    /// Close, ping and pong: at most 125 bytes of payload and never fragmented (RFC 6455 §5.5).
    @inline(__always)
    package var isControl: Bool { rawValue & 0x8 != 0 }
}
