import Testing

@testable import HTTP

struct HTTPResponseHeadTests {
    @Test func writesStatusLineHeadersAndBlankLine() {
        var head = HTTPResponseHead(status: .ok)
        head.headers.add(name: "Content-Length", value: "2")
        head.headers.add(name: "X-A", value: "b")
        var out: [UInt8] = Array("prefix|".utf8)
        head.write(into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "prefix|HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: b\r\n\r\n")
    }

    @Test func emptyReasonKeepsTheSpaceAndVersionIsWritten() {
        let head = HTTPResponseHead(status: HTTPStatus(code: 299), version: .http1_0)
        #expect(String(decoding: head.bytes, as: UTF8.self) == "HTTP/1.0 299 \r\n\r\n")
    }

    @Test func lineBreaksInValuesCannotSplitTheResponse() {
        var head = HTTPResponseHead(status: .movedPermanently)
        head.headers.add(name: "Location", value: "/a\r\nSet-Cookie: x=1")
        #expect(
            String(decoding: head.bytes, as: UTF8.self) == "HTTP/1.1 301 Moved Permanently\r\n"
                + "Location: /a  Set-Cookie: x=1\r\n\r\n")
    }

    @Test func errorResponseIsCompletePlainText() {
        let closingBytes = HTTPResponseHead.errorResponse(status: .badRequest, keepAlive: false)
        let closing = String(decoding: closingBytes, as: UTF8.self)
        #expect(
            closing == "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 16\r\nConnection: close\r\n\r\n400 Bad Request\n")
        let allow = HTTPHeaders([("Allow", "GET, HEAD")])
        let kept = HTTPResponseHead.errorResponse(status: .methodNotAllowed, keepAlive: true, extraHeaders: allow)
        #expect(
            String(decoding: kept, as: UTF8.self) == "HTTP/1.1 405 Method Not Allowed\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 23\r\nAllow: GET, HEAD\r\n\r\n"
                + "405 Method Not Allowed\n")
        let headOnly = HTTPResponseHead.errorResponse(status: .notFound, keepAlive: true, omitBody: true)
        #expect(String(decoding: headOnly, as: UTF8.self).hasSuffix("Content-Length: 14\r\n\r\n"))
    }

    @Test(arguments: [
        (HTTPStatus.switchingProtocols, 101, "Switching Protocols"), (.ok, 200, "OK"), (.noContent, 204, "No Content"),
        (.movedPermanently, 301, "Moved Permanently"), (.notModified, 304, "Not Modified"),
        (.badRequest, 400, "Bad Request"), (.forbidden, 403, "Forbidden"), (.notFound, 404, "Not Found"),
        (.methodNotAllowed, 405, "Method Not Allowed"), (.requestTimeout, 408, "Request Timeout"),
        (.contentTooLarge, 413, "Content Too Large"), (.uriTooLong, 414, "URI Too Long"),
        (.upgradeRequired, 426, "Upgrade Required"),
        (.requestHeaderFieldsTooLarge, 431, "Request Header Fields Too Large"),
        (.internalServerError, 500, "Internal Server Error"), (.notImplemented, 501, "Not Implemented"),
        (.serviceUnavailable, 503, "Service Unavailable"),
        (.httpVersionNotSupported, 505, "HTTP Version Not Supported"),
    ])
    func standardStatuses(_ status: HTTPStatus, _ code: Int, _ phrase: String) {
        #expect(status.code == code)
        #expect(status.reasonPhrase == phrase)
        #expect(HTTPStatus(code: code).reasonPhrase == phrase)
    }

    @Test func statusEqualityIgnoresTheReasonPhrase() {
        #expect(HTTPStatus(code: 101, reasonPhrase: "Upgrading") == .switchingProtocols)
        #expect(HTTPStatus(code: 200) != .noContent)
        #expect(HTTPStatus(code: 799).reasonPhrase == "")
    }
}
