import WebSocket

/// Bytes from a hex string such as "81 05 48 65".
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// A parsed frame with its payload gathered, for comparing parses.
struct ParsedFrame: Equatable, CustomStringConvertible {
    var header: FrameHeader
    var payload: [UInt8]

    var description: String { "\(header.opcode) fin=\(header.fin) \(payload.count)B" }
}

/// What a parse produced: the frames, and the failure that ended it, if any.
struct ParseResult: Equatable {
    var frames: [ParsedFrame] = []
    var failure: WebSocketCloseCode?
    /// Payload events that were not the last of their frame (to check that partial payloads are delivered).
    var partialPayloads = 0
}

/// Feeds `bytes` to a frame parser `chunkSize` bytes per read, each read in a fresh buffer.
func parseFrames(
    _ bytes: [UInt8], role: WebSocketRole = .client, maxFramePayload: UInt64 = 1 << 40, chunkSize: Int = .max
) -> ParseResult {
    var parser = FrameParser(role: role, maxFramePayload: maxFramePayload)
    var result = ParseResult()
    var current: ParsedFrame?
    var start = 0
    repeat {
        var chunk = Array(bytes[start..<min(bytes.count, start + min(chunkSize, bytes.count - start))])
        start += chunk.count
        let failed: Bool = chunk.withUnsafeMutableBytes { buffer in
            var index = 0
            while true {
                switch parser.next(buffer, index: &index) {
                case .needMore:
                    precondition(index == buffer.count)
                    return false
                case .header(let header):
                    precondition(current == nil)
                    current = ParsedFrame(header: header, payload: [])
                case .payload(let slice, let isFrameEnd):
                    current!.payload += Array(UnsafeRawBufferPointer(slice))
                    if isFrameEnd {
                        result.frames.append(current!)
                        current = nil
                    } else {
                        result.partialPayloads += 1
                    }
                case .failure(let code, _):
                    result.failure = code
                    return true
                }
            }
        }
        if failed { break }
    } while start < bytes.count
    return result
}

/// A session event with its bytes copied out, for comparing sequences of events.
enum RecordedEvent: Equatable, CustomStringConvertible {
    case message(WebSocketOpcode, [UInt8])
    case ping([UInt8])
    case pong([UInt8])
    case close(UInt16?, [UInt8])
    case failure(WebSocketCloseCode)

    init?(_ event: WebSocketEvent) {
        switch event {
        case .needMore: return nil
        case .message(let opcode, let bytes): self = .message(opcode, Array(bytes))
        case .ping(let bytes): self = .ping(Array(bytes))
        case .pong(let bytes): self = .pong(Array(bytes))
        case .closeReceived(let code, let reason): self = .close(code, Array(reason))
        case .failure(let code, _): self = .failure(code)
        }
    }

    var description: String {
        switch self {
        case .message(let opcode, let bytes): "message(\(opcode), \(bytes.count)B)"
        case .ping(let bytes): "ping(\(bytes.count)B)"
        case .pong(let bytes): "pong(\(bytes.count)B)"
        case .close(let code, let reason): "close(\(code.map(String.init) ?? "nil"), \(reason.count)B)"
        case .failure(let code): "failure(\(code))"
        }
    }
}

/// Feeds `bytes` to `session`, `chunkSize` bytes per read, each read in a fresh buffer; returns every event.
func feed(_ session: inout WebSocketSession, _ bytes: [UInt8], chunkSize: Int = .max) -> [RecordedEvent] {
    var events: [RecordedEvent] = []
    var start = 0
    repeat {
        var chunk = Array(bytes[start..<min(bytes.count, start + min(chunkSize, bytes.count - start))])
        start += chunk.count
        chunk.withUnsafeMutableBytes { buffer in
            var index = 0
            while true {
                let event = session.next(buffer, index: &index)
                guard let recorded = RecordedEvent(event) else {
                    precondition(index == buffer.count)
                    return
                }
                events.append(recorded)
            }
        }
    } while start < bytes.count
    return events
}

/// A frame as a client sends it: masked with `key`.
func clientFrame(
    fin: Bool = true, rsv1: Bool = false, _ opcode: WebSocketOpcode, _ payload: [UInt8], key: UInt32 = 0x1234_5678
) -> [UInt8] {
    var out: [UInt8] = []
    FrameEncoder.writeFrame(fin: fin, rsv1: rsv1, opcode: opcode, payload: payload, maskingKey: key, into: &out)
    return out
}

func serverSession(maxMessageSize: Int = 64 * 1024) -> WebSocketSession {
    WebSocketSession(configuration: .init(role: .server, maxMessageSize: maxMessageSize))
}
