/// Parses request heads; see ``HTTPHeadParser``. After `.head` the caller handles any body (see
/// `HTTPRequestHead.contentLength`) and calls `reset()` before the next request on the connection.
package typealias HTTPRequestParser = HTTPHeadParser<HTTPRequestLine>

/// The request line (RFC 9112 §3) and the checks on the finished request head.
package struct HTTPRequestLine: HTTPStartLineParser {
    package static let tooLong = HTTPParseError.uriTooLong
    private var method = HTTPMethod.get
    private var target = ""
    private var version = HTTPVersion.http1_1

    package init() {}

    package func head(headers: HTTPHeaders) -> Result<HTTPRequestHead, HTTPParseError> {
        let head = HTTPRequestHead(method: method, target: target, version: version, headers: headers)
        if let error = Self.checkFraming(head) { return .failure(error) }
        return .success(head)
    }

    /// `request-line = method SP request-target SP HTTP-version` (RFC 9112 §3), single spaces only.
    package mutating func parse(_ line: [UInt8]) -> HTTPParseError? {
        guard let firstSpace = line.firstIndex(of: HTTPASCII.sp),
            let secondSpace = line[(firstSpace + 1)...].firstIndex(of: HTTPASCII.sp)
        else { return .badRequest("malformed request line") }
        let methodBytes = line[..<firstSpace]
        let targetBytes = line[(firstSpace + 1)..<secondSpace]
        let versionBytes = line[(secondSpace + 1)...]
        guard HTTPASCII.isToken(methodBytes) else { return .badRequest("invalid method") }
        switch HTTPASCII.parseVersion(versionBytes) {
        case .success(let parsed): version = parsed
        case .failure(let error): return error
        }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy(HTTPASCII.isTargetByte) else {
            return .badRequest("invalid request target")
        }
        method = HTTPMethod(token: String(decoding: methodBytes, as: UTF8.self))
        let rawTarget = String(decoding: targetBytes, as: UTF8.self)
        switch Self.normalizeTarget(rawTarget, method: method) {
        case .success(let normalized): target = normalized
        case .failure(let error): return error
        }
        return nil
    }
}

extension HTTPRequestLine {
    /// Accepts origin-form, asterisk-form for OPTIONS, and absolute-form reduced to its path and query
    /// (RFC 9112 §3.2). Authority-form (CONNECT) is not served here.
    static func normalizeTarget(_ target: String, method: HTTPMethod) -> Result<String, HTTPParseError> {
        if target.utf8.first == UInt8(ascii: "/") { return .success(target) }
        if target == "*" {
            // RFC 9112 §3.2.4: asterisk-form is only for a server-wide OPTIONS request.
            return method == .options ? .success(target) : .failure(.badRequest("'*' target without OPTIONS"))
        }
        // RFC 9112 §3.2.2: servers MUST accept absolute-form. Only the path and query matter to an origin server
        // that serves one site; the Host field was still required and checked.
        for scheme in ["http://", "https://"] {
            guard target.utf8.count > scheme.utf8.count,
                HTTPHeaders.equalsIgnoringCase(target.prefix(scheme.count), scheme)
            else { continue }
            let afterScheme = target.dropFirst(scheme.count)
            let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard !authority.isEmpty else { return .failure(.badRequest("absolute-form target without host")) }
            let rest = afterScheme.dropFirst(authority.count)
            if rest.first == "/" { return .success(String(rest)) }
            return .success("/" + rest)
        }
        return .failure(.badRequest("unsupported request target form"))
    }

    /// Message framing and Host checks from RFC 9112 §3.2 and §6.
    static func checkFraming(_ head: HTTPRequestHead) -> HTTPParseError? {
        let hostCount = head.headers.fields.lazy.filter { HTTPHeaders.equalsIgnoringCase($0.name, "Host") }.count
        // RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request without Host or with more than one.
        if hostCount == 0 && head.version == .http1_1 { return .badRequest("missing Host header") }
        if hostCount > 1 { return .badRequest("multiple Host headers") }
        let hasTransferEncoding = head.headers.contains(name: "Transfer-Encoding")
        if hasTransferEncoding {
            // RFC 9112 §6.1: both fields at once is a smuggling signature; a server MAY reject, and we do.
            if head.headers.contains(name: "Content-Length") {
                return .badRequest("both Transfer-Encoding and Content-Length")
            }
            // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 is untrustworthy; treat the framing as faulty.
            if head.version == .http1_0 { return .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            // RFC 9112 §6.3 rule 4: unless chunked is the final coding the length is unknowable: 400.
            let codings = head.headers[all: "Transfer-Encoding"].flatMap { $0.split(separator: ",") }
            let last = codings.last { !$0.trimmingOWS().isEmpty }?.trimmingOWS()
            guard let last, HTTPHeaders.equalsIgnoringCase(last, "chunked") else {
                return .badRequest("chunked is not the final transfer coding")
            }
        }
        if case .failure(let error) = head.headers.parsedContentLength() { return error }
        return nil
    }
}
