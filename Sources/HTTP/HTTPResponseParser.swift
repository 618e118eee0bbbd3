/// An incremental, sans-IO parser for HTTP/1.x response heads, for the WebSocket client's handshake.
///
/// Works like `HTTPRequestParser`, with the same limits; an overlong status line is reported as
/// `.badRequest` since 414 means nothing for a response.
package struct HTTPResponseParser: Sendable {
    /// The result of one call to `next`.
    package enum Event: Sendable, Equatable {
        case needMore
        /// A complete head; `index` points at the first byte after it (a body or WebSocket frames).
        case head(HTTPResponseHead)
        case error(HTTPParseError)
    }

    private var core: HTTPHeadParser<StatusLine>

    package init(limits: HTTPLimits = .init()) {
        core = HTTPHeadParser(limits: limits)
    }

    /// True while no byte of the next response has been consumed.
    package var isIdle: Bool { core.isIdle }

    /// Prepares for the next response, keeping buffer capacity.
    package mutating func reset() { core.reset() }

    /// Consumes bytes from `buffer[index...]`; advances index past what it consumed. Repeats `.head` or
    /// `.error` without consuming until `reset()`.
    package mutating func next(_ buffer: UnsafeRawBufferPointer, index: inout Int) -> Event {
        switch core.next(buffer, index: &index) {
        case .needMore: .needMore
        case .head(let head): .head(head)
        case .error(let error): .error(error)
        }
    }
}

/// The status line (RFC 9112 §4) and the checks on the finished response head.
private struct StatusLine: HTTPStartLineParser {
    static let tooLong = HTTPParseError.badRequest("status line too long")
    private var status = HTTPStatus.ok
    private var version = HTTPVersion.http1_1

    func head(headers: HTTPHeaders) -> Result<HTTPResponseHead, HTTPParseError> {
        if case .failure(let error) = headers.parsedContentLength() { return .failure(error) }
        return .success(HTTPResponseHead(status: status, headers: headers, version: version))
    }

    /// `status-line = HTTP-version SP status-code SP [ reason-phrase ]` (RFC 9112 §4).
    mutating func parse(_ line: [UInt8]) -> HTTPParseError? {
        guard let firstSpace = line.firstIndex(of: HTTPASCII.sp) else { return .badRequest("malformed status line") }
        switch HTTPASCII.parseVersion(line[..<firstSpace]) {
        case .success(let parsed): version = parsed
        case .failure(let error): return error
        }
        let afterVersion = line[(firstSpace + 1)...]
        let codeEnd = afterVersion.firstIndex(of: HTTPASCII.sp) ?? line.endIndex
        let codeBytes = line[(firstSpace + 1)..<codeEnd]
        // RFC 9112 §4: exactly three digits; RFC 9110 §15 defines only 100-599. A missing SP before an empty
        // reason is tolerated, as RFC 9112 §4 asks of clients.
        guard codeBytes.count == 3, let code = HTTPASCII.parseDecimal(codeBytes), (100...599).contains(code) else {
            return .badRequest("invalid status code")
        }
        let reasonBytes = codeEnd < line.endIndex ? line[(codeEnd + 1)...] : []
        guard reasonBytes.allSatisfy(HTTPASCII.isFieldValueByte) else { return .badRequest("invalid reason phrase") }
        status = HTTPStatus(code: code, reasonPhrase: String(decoding: reasonBytes, as: UTF8.self))
        return nil
    }
}
