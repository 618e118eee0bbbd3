// libFuzzer harness for the WebSocket session: fragments, control frames, UTF-8 and the closing handshake (built and
// run by .ci/fuzz.sh, not by SwiftPM).
//
// Input: one control byte (role, message limit, how the input is cut into reads), then the bytes received. The
// session answers as a server or client would (echo messages, pong pings, close back), and a session of the other
// role must read that output back as the same messages, pongs and close code: what one side writes, the other
// accepts.
import WebSocket

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSession(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let role: WebSocketRole = control & 1 == 0 ? .server : .client
    let peerRole: WebSocketRole = role == .server ? .client : .server
    let maxMessageSize = control & 2 == 0 ? 64 * 1024 : 16
    let readSize = 1 + Int(control >> 2) * 4  // 1 ... 253 bytes per read, or the whole input
    var input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))

    var session = WebSocketSession(configuration: .init(role: role, maxMessageSize: maxMessageSize))
    var out: [UInt8] = []
    var sent: [Item] = []
    var start = 0
    while start < input.count {
        let end = control >> 2 == 63 ? input.count : min(input.count, start + readSize)
        input[start..<end].withUnsafeMutableBytes { buffer in
            var index = 0
            while true {
                let event = session.next(buffer, index: &index)
                precondition(index <= buffer.count, "consumed past the end")
                switch event {
                case .needMore:
                    precondition(index == buffer.count, "needMore with bytes left")
                    return
                case .message(let opcode, let payload):
                    precondition(payload.count <= maxMessageSize, "a message over the limit")
                    if opcode == .text {
                        precondition(String(validating: payload, as: UTF8.self) != nil, "invalid UTF-8 delivered")
                    }
                    if session.writeMessage(opcode, payload, into: &out) {
                        sent.append(.message(opcode == .text, Array(payload)))
                    }
                case .ping(let payload):
                    precondition(payload.count <= 125, "a control payload over 125 bytes")
                    if session.writePong(payload, into: &out) { sent.append(.pong(Array(payload))) }
                case .pong(let payload):
                    precondition(payload.count <= 125, "a control payload over 125 bytes")
                case .closeReceived(let code, _):
                    if session.writeClose(code: WebSocketCloseCode(rawValue: code ?? 1000), reason: "", into: &out) {
                        sent.append(.close(code ?? 1000))
                    }
                case .failure(let code, _):
                    if session.writeClose(code: code, reason: "", into: &out) { sent.append(.close(code.rawValue)) }
                }
            }
        }
        start = end
    }

    // The other side reads what this one wrote.
    var peer = WebSocketSession(configuration: .init(role: peerRole))
    var received: [Item] = []
    out.withUnsafeMutableBytes { buffer in
        var index = 0
        while true {
            switch peer.next(buffer, index: &index) {
            case .needMore: return
            case .message(let opcode, let payload): received.append(.message(opcode == .text, Array(payload)))
            case .ping: preconditionFailure("a ping nobody sent")
            case .pong(let payload): received.append(.pong(Array(payload)))
            case .closeReceived(let code, _): received.append(.close(code ?? 1005))
            case .failure(let code, let reason): preconditionFailure("the peer refused our output: \(code) \(reason)")
            }
        }
    }
    precondition(received == sent, "the peer read something else than was written")
    return 0
}

/// What one side wrote or the other read.
private enum Item: Equatable {
    case message(Bool, [UInt8])
    case pong([UInt8])
    case close(UInt16)
}
