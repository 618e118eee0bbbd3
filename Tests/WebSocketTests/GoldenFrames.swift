import WebSocket

/// The example frames of RFC 6455 §5.7, plus extended-length frames.
enum GoldenFrames {
    static let hello = Array("Hello".utf8)
    static let payload256 = (0..<256).map { UInt8(truncatingIfNeeded: $0) }
    static let payload65536 = (0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    struct Frame: Sendable, CustomStringConvertible {
        var name: String
        var fin: Bool
        var opcode: WebSocketOpcode
        var payload: [UInt8]
        var maskingKey: UInt32?
        var bytes: [UInt8]

        var description: String { name }
        var role: WebSocketRole { maskingKey == nil ? .client : .server }
    }

    static let all: [Frame] = [
        Frame(
            name: "unmasked text", fin: true, opcode: .text, payload: hello, maskingKey: nil,
            bytes: hex("81 05 48 65 6c 6c 6f")),
        Frame(
            name: "masked text", fin: true, opcode: .text, payload: hello, maskingKey: 0x37FA_213D,
            bytes: hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")),
        Frame(
            name: "first fragment", fin: false, opcode: .text, payload: Array("Hel".utf8), maskingKey: nil,
            bytes: hex("01 03 48 65 6c")),
        Frame(
            name: "last fragment", fin: true, opcode: .continuation, payload: Array("lo".utf8), maskingKey: nil,
            bytes: hex("80 02 6c 6f")),
        Frame(
            name: "unmasked ping", fin: true, opcode: .ping, payload: hello, maskingKey: nil,
            bytes: hex("89 05 48 65 6c 6c 6f")),
        Frame(
            name: "masked pong", fin: true, opcode: .pong, payload: hello, maskingKey: 0x37FA_213D,
            bytes: hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58")),
        Frame(
            name: "256-byte binary", fin: true, opcode: .binary, payload: payload256, maskingKey: nil,
            bytes: hex("82 7E 01 00") + payload256),
        Frame(
            name: "64 KiB binary", fin: true, opcode: .binary, payload: payload65536, maskingKey: nil,
            bytes: hex("82 7F 00 00 00 00 00 01 00 00") + payload65536),
        Frame(name: "empty close", fin: true, opcode: .close, payload: [], maskingKey: nil, bytes: hex("88 00")),
        Frame(
            name: "masked empty binary", fin: true, opcode: .binary, payload: [], maskingKey: 0x0102_0304,
            bytes: hex("82 80 01 02 03 04")),
    ]
}
