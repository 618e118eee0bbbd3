/// The status line and header fields of one response.
package struct HTTPResponseHead: Sendable, Equatable {
    package var status: HTTPStatus
    package var headers: HTTPHeaders
    package var version: HTTPVersion

    package init(status: HTTPStatus, headers: HTTPHeaders = .init(), version: HTTPVersion = .http1_1) {
        self.status = status
        self.headers = headers
        self.version = version
    }

    /// Appends `HTTP/1.1 200 OK\r\n`, each `Name: value\r\n`, and the final `\r\n` to `out`.
    ///
    /// CR, LF and NUL inside names or values become spaces: a value must never be able to start a new line
    /// (response splitting), and RFC 9110 §5.5 forbids those bytes in field values anyway.
    package func write(into out: inout [UInt8]) {
        out.append(contentsOf: version.description.utf8)
        out.append(HTTPASCII.sp)
        // RFC 9112 §4: status-code is exactly three digits, and the SP before the reason is required even
        // when the reason is empty.
        let code = min(max(status.code, 0), 999)
        out.append(UInt8(ascii: "0") + UInt8(code / 100))
        out.append(UInt8(ascii: "0") + UInt8(code / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(code % 10))
        out.append(HTTPASCII.sp)
        Self.appendSanitized(status.reasonPhrase, to: &out)
        out.append(HTTPASCII.cr)
        out.append(HTTPASCII.lf)
        for field in headers {
            Self.appendSanitized(field.name, to: &out)
            out.append(HTTPASCII.colon)
            out.append(HTTPASCII.sp)
            Self.appendSanitized(field.value, to: &out)
            out.append(HTTPASCII.cr)
            out.append(HTTPASCII.lf)
        }
        out.append(HTTPASCII.cr)
        out.append(HTTPASCII.lf)
    }

    /// The serialised head as a new array.
    package var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + headers.count * 32)
        write(into: &out)
        return out
    }

    private static func appendSanitized(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            out.append(byte == HTTPASCII.cr || byte == HTTPASCII.lf || byte == 0 ? HTTPASCII.sp : byte)
        }
    }

    /// A small plain-text response for `status`: its head and a body like `404 Not Found\n`.
    ///
    /// Sets Content-Type, Content-Length and, when the connection will close, `Connection: close`
    /// (RFC 9112 §9.6). `extraHeaders` are appended as given (for example `Allow` or `Location`).
    package static func plainText(
        status: HTTPStatus, keepAlive: Bool, extraHeaders: HTTPHeaders = .init()
    ) -> (head: HTTPResponseHead, body: [UInt8]) {
        let body = Array("\(status.code) \(status.reasonPhrase)\n".utf8)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        for field in extraHeaders { headers.add(name: field.name, value: field.value) }
        return (HTTPResponseHead(status: status, headers: headers), body)
    }

    /// The complete bytes of a `plainText` response; `omitBody` drops the body for a HEAD request
    /// (RFC 9110 §9.3.2) while keeping the Content-Length a GET would have had.
    package static func errorResponse(
        status: HTTPStatus, keepAlive: Bool, extraHeaders: HTTPHeaders = .init(), omitBody: Bool = false
    ) -> [UInt8] {
        let (head, body) = plainText(status: status, keepAlive: keepAlive, extraHeaders: extraHeaders)
        var out = head.bytes
        if !omitBody { out.append(contentsOf: body) }
        return out
    }
}
