import Testing

@testable import HTTP

struct HTTPLimitsTests {
    let limits = HTTPLimits()

    @Test func defaults() {
        #expect(limits.maxRequestLineLength == 8 * 1024)
        #expect(limits.maxHeaderBytes == 32 * 1024)
        #expect(limits.maxHeaderCount == 100)
    }

    @Test func requestLineAtTheLimitIsAccepted() throws {
        let target = "/" + String(repeating: "a", count: limits.maxRequestLineLength - "GET  HTTP/1.1".count - 1)
        let line = "GET \(target) HTTP/1.1"
        #expect(line.utf8.count == limits.maxRequestLineLength)
        #expect(try parseHead(line + "\r\nHost: a\r\n\r\n").target == target)
    }

    @Test func requestLineOneOverTheLimitFailsWithoutCRLF() {
        let line = Array("GET /".utf8) + Array(repeating: UInt8(ascii: "a"), count: limits.maxRequestLineLength - 4)
        #expect(line.count == limits.maxRequestLineLength + 1)
        var parser = HTTPRequestParser()
        let whole = ParserHarness.feed(&parser, [line[...]])
        #expect(whole == ParseOutcome(event: .error(.uriTooLong), consumed: limits.maxRequestLineLength))
        // Every split would be 8 K parses of 8 KiB; a spread of split points and single bytes is enough here.
        for split in stride(from: 0, through: line.count, by: 97) + [limits.maxRequestLineLength] {
            var splitParser = HTTPRequestParser()
            #expect(ParserHarness.feed(&splitParser, [line[..<split], line[split...]]) == whole)
        }
        var byteParser = HTTPRequestParser()
        #expect(ParserHarness.feed(&byteParser, line.indices.map { line[$0...$0] }) == whole)
        #expect(HTTPParseError.uriTooLong.status.code == 414)
    }

    @Test func tenMegabyteRequestLineFailsEarly() {
        let huge = Array("GET /".utf8) + Array(repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024)
        var parser = HTTPRequestParser()
        var consumed = 0
        var event = HTTPRequestParser.Event.needMore
        huge.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count, event == .needMore {
                let chunk = UnsafeRawBufferPointer(rebasing: all[offset..<min(offset + 65_536, all.count)])
                var index = 0
                event = parser.next(chunk, index: &index)
                consumed += index
                offset += chunk.count
            }
        }
        #expect(event == .error(.uriTooLong))
        #expect(consumed <= 8 * 1024)
    }

    @Test func headerSectionOverTheLimitIs431AsSoonAsExceeded() {
        let field = "X-Pad: " + String(repeating: "p", count: 1024 - 9) + "\r\n"
        #expect(field.utf8.count == 1024)
        let line = "GET / HTTP/1.1\r\n"
        var request = line + "Host: a\r\n"
        for _ in 0..<33 { request += field }
        request += "\r\n"
        var parser = HTTPRequestParser()
        var index = 0
        let event = Array(request.utf8).withUnsafeBytes { parser.next($0, index: &index) }
        #expect(event == .error(.headersTooLarge))
        #expect(index == line.utf8.count + limits.maxHeaderBytes)
        #expect(HTTPParseError.headersTooLarge.status.code == 431)
    }

    @Test func headerSectionAtTheLimitIsAccepted() throws {
        let line = "GET / HTTP/1.1\r\n"
        var section = "Host: a\r\n"
        let filler = limits.maxHeaderBytes - section.utf8.count - "X: \r\n\r\n".utf8.count
        section += "X: " + String(repeating: "v", count: filler) + "\r\n\r\n"
        #expect(section.utf8.count == limits.maxHeaderBytes)
        #expect(try parseHead(line + section).headers.count == 2)
    }

    @Test func hundredFieldsAreAcceptedAndOneMoreIs431() throws {
        var request = "GET / HTTP/1.1\r\nHost: a\r\n"
        for i in 1..<100 { request += "X-\(i): v\r\n" }
        #expect(try parseHead(request + "\r\n").headers.count == 100)
        let tooMany = Array((request + "X-100: v\r\n\r\n").utf8)
        let (whole, others) = ParserHarness.allSplits(tooMany) { HTTPRequestParser() }
        #expect(whole.event == .error(.tooManyHeaders))
        #expect(others.allSatisfy { $0.outcome == whole })
        #expect(HTTPParseError.tooManyHeaders.status.code == 431)
    }

    @Test func customLimitsApply() {
        let small = HTTPLimits(maxRequestLineLength: 16, maxHeaderBytes: 64, maxHeaderCount: 2)
        var parser = HTTPRequestParser(limits: small)
        var index = 0
        let bytes = Array("GET /0123456789ab HTTP/1.1\r\n".utf8)
        #expect(bytes.withUnsafeBytes { parser.next($0, index: &index) } == .error(.uriTooLong))
        #expect(index == 16)
    }

    @Test func errorStatuses() {
        #expect(HTTPParseError.badRequest("x").status == .badRequest)
        #expect(HTTPParseError.badRequest("x").reason == "x")
        #expect(HTTPParseError.versionNotSupported.status.code == 505)
        #expect(HTTPParseError.uriTooLong.description == "414 URI Too Long: request line too long")
    }
}
