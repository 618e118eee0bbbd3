// libFuzzer harness for the HTTP/1.1 request head parser (built and run by .ci/fuzz.sh, not by SwiftPM).
//
// Input: one control byte, then the bytes a client sent. The control byte picks the limits (the defaults, or tight
// ones so that the 414/431 paths are reached with short inputs) and a split point. Besides not crashing, the parser
// must reach the same outcome and consume the same bytes whether the input arrives whole or in two reads, and, after
// a head and `reset()`, parse what follows it as the next pipelined request. A head then goes where the server
// takes it: the static file path sanitizer (no `..`, slash, backslash or control byte survives), the WebSocket
// handshake check, the cookie and keep-alive lookups.
import HTTP
import WebSocket

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let input = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let limits =
        control & 0x80 == 0
        ? HTTPLimits() : HTTPLimits(maxRequestLineLength: 64, maxHeaderBytes: 256, maxHeaderCount: 4)

    var whole = HTTPRequestParser(limits: limits)
    var wholeIndex = 0
    let wholeEvent = whole.next(input, index: &wholeIndex)
    precondition(wholeIndex <= input.count, "consumed past the end")

    // The same bytes in two reads.
    let split = input.isEmpty ? 0 : Int(control & 0x7F) % (input.count + 1)
    var parts = HTTPRequestParser(limits: limits)
    var firstIndex = 0
    var partsEvent = parts.next(UnsafeRawBufferPointer(rebasing: input[..<split]), index: &firstIndex)
    var consumed = firstIndex
    if partsEvent == .needMore {
        precondition(firstIndex == split, "needMore without consuming every byte")
        var secondIndex = 0
        partsEvent = parts.next(UnsafeRawBufferPointer(rebasing: input[split...]), index: &secondIndex)
        consumed += secondIndex
    }
    precondition(partsEvent == wholeEvent, "the outcome depends on how the input was split")
    precondition(consumed == wholeIndex, "the bytes consumed depend on how the input was split")

    // A repeated call reports the same event without consuming anything.
    var again = wholeIndex
    precondition(whole.next(input, index: &again) == wholeEvent && again == wholeIndex, "a finished parser moved on")

    // Pipelining: after a head, the rest is the next request.
    if case .head(let head) = wholeEvent {
        use(head)
        whole.reset()
        var index = wholeIndex
        _ = whole.next(input, index: &index)
        precondition(index <= input.count, "consumed past the end")
    }
    return 0
}

/// What the server does with a head before any handler sees it.
private func use(_ head: HTTPRequestHead) {
    if case .success(let path) = PathSanitizer.relativePath(fromRequestPath: head.path) {
        for segment in path.segments {
            precondition(!segment.isEmpty && segment != "." && segment != "..", "a dot segment survived")
            precondition(
                !segment.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0x2F || $0 == 0x5C }, "a bad byte survived")
        }
    }
    if case .success(let accept) = WebSocketHandshake.validate(head, allowedOrigins: ["http://localhost:8000"]) {
        precondition(accept.utf8.count == 28, "an accept value that is not base64 of 20 bytes")
    }
    _ = WebSocketHandshake.isUpgradeRequest(head)
    _ = head.headers.cookie(named: "wq")
    _ = head.keepAlive
}
