// libFuzzer harness for the RFC 6455 frame parser (built and run by .ci/fuzz.sh, not by SwiftPM).
//
// Input: one control byte (role, frame payload limit and a split point), then the bytes received. The parser runs
// until it needs more or fails; every payload slice must lie inside the input, a frame's slices must add up to the
// length its header announced, and parsing in two reads must yield the same headers and payload bytes.
import WebSocket

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let role: WebSocketRole = control & 1 == 0 ? .server : .client
    let limit: UInt64 = control & 2 == 0 ? UInt64(Int64.max) : 125
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let split = input.isEmpty ? 0 : Int(control >> 2) % (input.count + 1)

    let whole = parse(input, splits: [input.count], role: role, limit: limit)
    let parts = parse(input, splits: [split, input.count], role: role, limit: limit)
    precondition(whole == parts, "the frames depend on how the input was split")
    return 0
}

/// What the parser reported, flattened: headers, payload bytes (unmasked) and the failure code, in order.
private enum Item: Equatable {
    case header(FrameHeader)
    case payload([UInt8])
    case frameEnd
    case failure(UInt16)
}

private func parse(_ input: [UInt8], splits: [Int], role: WebSocketRole, limit: UInt64) -> [Item] {
    var parser = FrameParser(role: role, maxFramePayload: limit)
    var items: [Item] = []
    var remaining: UInt64 = 0
    var start = 0
    for end in splits {
        var chunk = Array(input[start..<end])
        start = end
        chunk.withUnsafeMutableBytes { buffer in
            var index = 0
            loop: while true {
                let before = index
                switch parser.next(buffer, index: &index) {
                case .needMore:
                    precondition(index == buffer.count, "needMore with bytes left")
                    break loop
                case .header(let header):
                    precondition(remaining == 0, "a header inside a frame")
                    remaining = header.payloadLength
                    precondition(header.payloadLength <= limit, "a frame over the limit")
                    items.append(.header(header))
                case .payload(let slice, let isFrameEnd):
                    let base = buffer.baseAddress.map { UnsafeRawPointer($0) }
                    let offset = slice.baseAddress.map { UnsafeRawPointer($0) - base! } ?? before
                    precondition(offset >= 0 && offset + slice.count <= buffer.count, "a slice outside the input")
                    precondition(UInt64(slice.count) <= remaining, "more payload than announced")
                    remaining -= UInt64(slice.count)
                    precondition(isFrameEnd == (remaining == 0), "the frame end misplaced")
                    if !slice.isEmpty { items.append(.payload(Array(slice))) }
                    if isFrameEnd { items.append(.frameEnd) }
                case .failure(let code, _):
                    items.append(.failure(code.rawValue))
                    return
                }
                precondition(index <= buffer.count, "consumed past the end")
            }
        }
        if case .failure = items.last { break }
    }
    return coalesced(items)
}

/// Payload slices merged per frame, since a split in the middle of a payload cuts one slice in two.
private func coalesced(_ items: [Item]) -> [Item] {
    var result: [Item] = []
    for item in items {
        if case .payload(let bytes) = item, case .payload(let previous) = result.last {
            result[result.count - 1] = .payload(previous + bytes)
        } else {
            result.append(item)
        }
    }
    return result
}
