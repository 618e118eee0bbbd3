import Testing

@testable import HTTP

/// One row of the request table: raw bytes, optional bytes after the head, and the expected outcome.
struct RequestCase: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable {
        case head(HTTPMethod, target: String, version: HTTPVersion, fields: Int)
        case error(HTTPParseError)
    }

    var name: String
    var raw: String
    var trailing = ""
    var expected: Expected

    var testDescription: String { name }
}

private func ok(
    _ name: String, _ raw: String, trailing: String = "", _ method: HTTPMethod = .get, target: String = "/",
    version: HTTPVersion = .http1_1, fields: Int = 1
) -> RequestCase {
    RequestCase(
        name: name, raw: raw, trailing: trailing,
        expected: .head(method, target: target, version: version, fields: fields))
}

private func bad(_ name: String, _ raw: String, _ error: HTTPParseError) -> RequestCase {
    RequestCase(name: name, raw: raw, expected: .error(error))
}

private func reason(_ text: String) -> HTTPParseError { .badRequest(text) }

let validRequests: [RequestCase] = [
    ok("minimal", "GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
    ok("bare LF terminators", "GET /x HTTP/1.1\nHost: a\n\n", target: "/x"),
    ok("mixed terminators", "GET /x HTTP/1.1\r\nHost: a\n\r\n", target: "/x"),
    ok("leading empty lines", "\r\n\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
    ok("HTTP/1.0 without Host", "GET /old HTTP/1.0\r\n\r\n", target: "/old", version: .http1_0, fields: 0),
    ok("OWS trimmed", "GET / HTTP/1.1\r\nHost: \t a \t\r\nX-Empty:\r\nX-Tight:v\r\n\r\n", fields: 3),
    ok("query kept", "GET /p?q=1&r=%20 HTTP/1.1\r\nHost: a\r\n\r\n", target: "/p?q=1&r=%20"),
    ok("absolute form", "GET http://example.com/p?q=1 HTTP/1.1\r\nHost: a\r\n\r\n", target: "/p?q=1"),
    ok("absolute form, no path", "GET HTTP://example.com:80 HTTP/1.1\r\nHost: a\r\n\r\n"),
    ok("absolute form, query only", "GET http://example.com?x HTTP/1.1\r\nHost: a\r\n\r\n", target: "/?x"),
    ok("asterisk with OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", .options, target: "*"),
    ok("unknown method", "BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", .other("BREW"), target: "/pot"),
    ok(
        "body left unconsumed", "POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", trailing: "hello",
        .post, target: "/f", fields: 2),
    ok(
        "repeated equal lengths", "PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\n",
        .put, fields: 3),
    ok(
        "chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", trailing: "0\r\n\r\n",
        .post, fields: 2),
    ok("obs-text value", "GET / HTTP/1.1\r\nHost: a\r\nX-Latin: caf\u{E9}\r\n\r\n", fields: 2),
    ok(
        "upgrade, frames follow",
        "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        trailing: "\u{81}\u{05}hello", target: "/ws", fields: 5),
]

let invalidRequests: [RequestCase] = [
    bad("double space", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", reason("malformed HTTP version")),
    bad("no version", "GET /\r\nHost: a\r\n\r\n", reason("malformed request line")),
    bad("method not a token", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", reason("invalid method")),
    bad("space in target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", reason("malformed HTTP version")),
    bad("tab separator", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", reason("malformed request line")),
    bad("control in target", "GET /a\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n", reason("invalid request target")),
    bad("relative target", "GET foo HTTP/1.1\r\nHost: a\r\n\r\n", reason("unsupported request target form")),
    bad("asterisk with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", reason("'*' target without OPTIONS")),
    bad(
        "absolute form without host", "GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n",
        reason("absolute-form target without host")),
    bad("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", .versionNotSupported),
    bad("HTTP/0.9", "GET / HTTP/0.9\r\nHost: a\r\n\r\n", .versionNotSupported),
    bad("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", .versionNotSupported),
    bad("lowercase version", "GET / http/1.1\r\nHost: a\r\n\r\n", reason("malformed HTTP version")),
    bad("two-digit minor", "GET / HTTP/1.10\r\nHost: a\r\n\r\n", reason("malformed HTTP version")),
    bad("bare CR in request line", "GET / HTTP/1.1\rHost: a\r\n\r\n", reason("CR not followed by LF")),
    bad("missing Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", reason("missing Host header")),
    bad("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", reason("multiple Host headers")),
    bad(
        "space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
        reason("whitespace between header field name and colon")),
    bad("bad name", "GET / HTTP/1.1\r\nHost: a\r\nX(a): b\r\n\r\n", reason("invalid character in header field name")),
    bad("empty name", "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n", reason("empty header field name")),
    bad("no colon", "GET / HTTP/1.1\r\nHost: a\r\nJunk\r\n\r\n", reason("header line without a colon")),
    bad("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n  b\r\n\r\n", reason("obsolete line folding")),
    bad("space before first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", reason("obsolete line folding")),
    bad("NUL in value", "GET / HTTP/1.1\r\nHost: a\u{0}b\r\n\r\n", reason("control character in header field value")),
    bad(
        "control in value", "GET / HTTP/1.1\r\nHost: a\u{1}\r\n\r\n",
        reason("control character in header field value")),
    bad("bare CR in value", "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", reason("CR not followed by LF")),
    bad(
        "TE and CL", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        reason("both Transfer-Encoding and Content-Length")),
    bad(
        "TE on 1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
        reason("Transfer-Encoding in an HTTP/1.0 request")),
    bad(
        "TE not ending in chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
        reason("chunked is not the final transfer coding")),
    bad("CL not digits", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5a\r\n\r\n", reason("invalid Content-Length")),
    bad("CL negative", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", reason("invalid Content-Length")),
    bad("CL empty", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", reason("invalid Content-Length")),
    bad(
        "CL list differs", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n",
        reason("conflicting Content-Length values")),
    bad(
        "CL fields differ", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        reason("conflicting Content-Length values")),
    bad(
        "CL overflow", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n",
        reason("invalid Content-Length")),
    bad(
        "too many empty lines", String(repeating: "\r\n", count: 17) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        reason("too many empty lines before the start line")),
]

struct HTTPRequestParserTests {
    @Test(arguments: validRequests + invalidRequests)
    func sameOutcomeForEverySplit(_ testCase: RequestCase) {
        let bytes = Array((testCase.raw + testCase.trailing).utf8)
        let (whole, others) = ParserHarness.allSplits(bytes) { HTTPRequestParser() }
        switch (testCase.expected, whole.event) {
        case (.head(let method, let target, let version, let fields), .head(let head)):
            #expect(head.method == method)
            #expect(head.target == target)
            #expect(head.version == version)
            #expect(head.headers.count == fields)
            #expect(whole.consumed == bytes.count - testCase.trailing.utf8.count)
        case (.error(let expected), .error(let error)):
            #expect(error == expected)
            #expect(whole.consumed <= bytes.count)
        default:
            Issue.record("expected \(testCase.expected), got \(whole.event)")
        }
        for (label, outcome) in others where outcome != whole {
            Issue.record("\(label): \(outcome) differs from whole: \(whole)")
        }
    }

    @Test func headerValuesAreTrimmedAndKeptInOrder() throws {
        let head = try parseHead("GET / HTTP/1.1\r\nHost: \t a \t\r\nX-Empty:\r\nx-tight:v\r\n\r\n")
        #expect(head.headers.fields.map(\.name) == ["Host", "X-Empty", "x-tight"])
        #expect(head.headers.fields.map(\.value) == ["a", "", "v"])
        #expect(head.headers[first: "X-TIGHT"] == "v")
    }

    @Test func pipelinedRequestsAdvanceIndexExactly() {
        let requests = [
            "GET /one HTTP/1.1\r\nHost: a\r\n\r\n",
            "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n",
            "GET /three HTTP/1.1\nHost: a\n\n",
        ]
        let body = "abc"
        let bytes = Array((requests[0] + requests[1] + body + requests[2]).utf8)
        var parser = HTTPRequestParser()
        var index = 0
        var targets: [String] = []
        var ends: [Int] = []
        bytes.withUnsafeBytes { buffer in
            while index < buffer.count {
                guard case .head(let head) = parser.next(buffer, index: &index) else {
                    Issue.record("expected a head at \(index)")
                    return
                }
                targets.append(head.target)
                ends.append(index)
                index += head.contentLength ?? 0
                parser.reset()
                #expect(parser.isIdle)
            }
        }
        #expect(targets == ["/one", "/two", "/three"])
        let first = requests[0].utf8.count
        let second = first + requests[1].utf8.count
        #expect(ends == [first, second, second + body.utf8.count + requests[2].utf8.count])
    }

    @Test func idleUntilTheFirstByte() {
        var parser = HTTPRequestParser()
        #expect(parser.isIdle)
        var index = 0
        let event = Array("\r\n".utf8).withUnsafeBytes { parser.next($0, index: &index) }
        #expect(event == .needMore)
        #expect(!parser.isIdle)
        parser.reset()
        #expect(parser.isIdle)
    }

    @Test func eventsRepeatUntilReset() throws {
        var parser = HTTPRequestParser()
        let bad = Array("GET / HTTP/3.0\r\n".utf8)
        var index = 0
        #expect(bad.withUnsafeBytes { parser.next($0, index: &index) } == .error(.versionNotSupported))
        var again = 0
        #expect(bad.withUnsafeBytes { parser.next($0, index: &again) } == .error(.versionNotSupported))
        #expect(again == 0)
        parser.reset()
        let good = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        index = 0
        guard case .head = good.withUnsafeBytes({ parser.next($0, index: &index) }) else {
            Issue.record("no head after reset")
            return
        }
        var repeated = 0
        guard case .head = good.withUnsafeBytes({ parser.next($0, index: &repeated) }) else {
            Issue.record("head not repeated")
            return
        }
        #expect(repeated == 0)
    }

    @Test func bodyFraming() throws {
        let empty = try parseHead("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(empty.contentLength == nil)
        #expect(!empty.hasBody)
        let zero = try parseHead("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
        #expect(zero.contentLength == 0)
        #expect(!zero.hasBody)
        let sized = try parseHead("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 42\r\n\r\n")
        #expect(sized.contentLength == 42)
        #expect(sized.hasBody)
        let chunked = try parseHead("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(chunked.contentLength == nil)
        #expect(chunked.hasBody)
    }

    @Test func keepAliveFollowsVersionAndConnection() throws {
        #expect(try parseHead("GET / HTTP/1.1\r\nHost: a\r\n\r\n").keepAlive)
        #expect(try !parseHead("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").keepAlive)
        #expect(try !parseHead("GET / HTTP/1.0\r\n\r\n").keepAlive)
        #expect(try parseHead("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive)
    }
}

/// Parses one complete head fed whole, failing the test otherwise.
func parseHead(_ raw: String, limits: HTTPLimits = .init()) throws -> HTTPRequestHead {
    var parser = HTTPRequestParser(limits: limits)
    var index = 0
    let event = Array(raw.utf8).withUnsafeBytes { parser.next($0, index: &index) }
    guard case .head(let head) = event else { throw ParseFailure(event: "\(event)") }
    return head
}

struct ParseFailure: Error, CustomStringConvertible {
    var event: String
    var description: String { "expected a head, got \(event)" }
}
