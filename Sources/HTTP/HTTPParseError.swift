/// Why a request or response head was rejected, and which status code answers it.
package enum HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request line exceeded `HTTPLimits.maxRequestLineLength` (414, RFC 9110 §15.5.15).
    case uriTooLong
    /// The header section exceeded `HTTPLimits.maxHeaderBytes` (431, RFC 6585 §5).
    case headersTooLarge
    /// More than `HTTPLimits.maxHeaderCount` field lines (431, RFC 6585 §5).
    case tooManyHeaders
    /// Malformed syntax or unacceptable framing (400, RFC 9110 §15.5.1); the reason is for logs.
    case badRequest(String)
    /// A well-formed HTTP version other than 1.0 or 1.1 (505, RFC 9110 §15.6.6).
    case versionNotSupported

    /// The status that answers this error.
    package var status: HTTPStatus {
        switch self {
        case .uriTooLong: .uriTooLong
        case .headersTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
        case .badRequest: .badRequest
        case .versionNotSupported: .httpVersionNotSupported
        }
    }

    /// A short human-readable explanation, suitable for a log line.
    package var reason: String {
        switch self {
        case .uriTooLong: "request line too long"
        case .headersTooLarge: "header section too large"
        case .tooManyHeaders: "too many header fields"
        case .badRequest(let reason): reason
        case .versionNotSupported: "HTTP version not supported"
        }
    }

    package var description: String { "\(status.code) \(status.reasonPhrase): \(reason)" }
}
