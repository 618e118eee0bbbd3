/// Parses response heads, for the WebSocket client's handshake; see ``HTTPHeadParser``. It has the request
/// parser's limits; an overlong status line is reported as `.badRequest`, since 414 means nothing for a response.
package typealias HTTPResponseParser = HTTPHeadParser<HTTPStatusLine>

/// The status line (RFC 9112 §4) and the checks on the finished response head.
package struct HTTPStatusLine: HTTPStartLineParser {
    package static let tooLong = HTTPParseError.badRequest("status line too long")
    private var status = HTTPStatus.ok
    private var version = HTTPVersion.http1_1

    package init() {}

    package func head(headers: HTTPHeaders) -> Result<HTTPResponseHead, HTTPParseError> {
        if case .failure(let error) = headers.parsedContentLength() { return .failure(error) }
        return .success(HTTPResponseHead(status: status, headers: headers, version: version))
    }

    /// `status-line = HTTP-version SP status-code SP [ reason-phrase ]` (RFC 9112 §4).
    package mutating func parse(_ line: [UInt8]) -> HTTPParseError? {
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
