import Testing

@testable import HTTP

struct HTTPResponseParserTests {
    static let handshake =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGJzzhZRbK+xOo=\r\n\r\n"

    @Test func handshakeResponseLeavesFramesUnconsumed() {
        let frames: [UInt8] = [0x81, 0x02, 0x68, 0x69]
        let bytes = Array(Self.handshake.utf8) + frames
        let (whole, others) = ParserHarness.allSplits(bytes) { HTTPResponseParser() }
        guard case .head(let head) = whole.event else {
            Issue.record("expected a head, got \(whole.event)")
            return
        }
        #expect(head.status == .switchingProtocols)
        #expect(head.status.reasonPhrase == "Switching Protocols")
        #expect(head.version == .http1_1)
        #expect(head.headers[first: "sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGJzzhZRbK+xOo=")
        #expect(whole.consumed == bytes.count - frames.count)
        #expect(others.allSatisfy { $0.outcome == whole })
    }

    @Test(arguments: [
        ("HTTP/1.1 101 \r\n\r\n", 101, ""),
        ("HTTP/1.1 200\r\n\r\n", 200, ""),
        ("HTTP/1.0 404 Nope, not here\n\n", 404, "Nope, not here"),
    ])
    func statusLines(_ raw: String, _ code: Int, _ reason: String) {
        let (whole, others) = ParserHarness.allSplits(Array(raw.utf8)) { HTTPResponseParser() }
        guard case .head(let head) = whole.event else {
            Issue.record("expected a head, got \(whole.event)")
            return
        }
        #expect(head.status.code == code)
        #expect(head.status.reasonPhrase == reason)
        #expect(others.allSatisfy { $0.outcome == whole })
    }

    @Test(arguments: [
        ("HTTP/1.1 20 OK\r\n\r\n", HTTPParseError.badRequest("invalid status code")),
        ("HTTP/1.1 2000 OK\r\n\r\n", .badRequest("invalid status code")),
        ("HTTP/1.1 099 Low\r\n\r\n", .badRequest("invalid status code")),
        ("HTTP/2 200 OK\r\n\r\n", .badRequest("malformed HTTP version")),
        ("HTTP/2.0 200 OK\r\n\r\n", .versionNotSupported),
        ("HTTP/1.1\r\n\r\n", .badRequest("malformed status line")),
        ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", .badRequest("whitespace between header field name and colon")),
        ("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", .badRequest("invalid Content-Length")),
        ("HTTP/1.1 200 O\u{1}K\r\n\r\n", .badRequest("invalid reason phrase")),
    ])
    func invalidResponses(_ raw: String, _ expected: HTTPParseError) {
        let (whole, others) = ParserHarness.allSplits(Array(raw.utf8)) { HTTPResponseParser() }
        #expect(whole.event == .error(expected))
        #expect(others.allSatisfy { $0.outcome == whole })
    }

    @Test func overlongStatusLineFailsEarly() {
        let bytes = Array("HTTP/1.1 200 ".utf8) + Array(repeating: UInt8(ascii: "x"), count: 9000)
        var parser = HTTPResponseParser()
        let outcome = ParserHarness.feed(&parser, [bytes[...]])
        #expect(outcome == ParseOutcome(event: .error(.badRequest("status line too long")), consumed: 8192))
    }

    @Test func resetAllowsAnotherResponse() {
        var parser = HTTPResponseParser()
        #expect(parser.isIdle)
        let bytes = Array("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\n\r\n".utf8)
        var index = 0
        var codes: [Int] = []
        bytes.withUnsafeBytes { buffer in
            while index < buffer.count, case .head(let head) = parser.next(buffer, index: &index) {
                codes.append(head.status.code)
                parser.reset()
            }
        }
        #expect(codes == [204, 200])
        #expect(index == bytes.count)
    }
}
