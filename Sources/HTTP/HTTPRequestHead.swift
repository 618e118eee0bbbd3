/// A request method. Known methods are cases; anything else that is a valid token is `.other` (→ 501).
package enum HTTPMethod: Sendable, Equatable, CustomStringConvertible {
    case get, head, post, put, delete, connect, options, trace, patch
    case other(String)

    package init(token: String) {
        switch token {
        case "GET": self = .get
        case "HEAD": self = .head
        case "POST": self = .post
        case "PUT": self = .put
        case "DELETE": self = .delete
        case "CONNECT": self = .connect
        case "OPTIONS": self = .options
        case "TRACE": self = .trace
        case "PATCH": self = .patch
        default: self = .other(token)
        }
    }

    package var description: String {
        switch self {
        case .get: "GET"
        case .head: "HEAD"
        case .post: "POST"
        case .put: "PUT"
        case .delete: "DELETE"
        case .connect: "CONNECT"
        case .options: "OPTIONS"
        case .trace: "TRACE"
        case .patch: "PATCH"
        case .other(let token): token
        }
    }
}

/// `HTTP/major.minor`.
package struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    package var major: Int
    package var minor: Int

    package init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    package static let http1_0 = HTTPVersion(major: 1, minor: 0)
    package static let http1_1 = HTTPVersion(major: 1, minor: 1)

    package var description: String { "HTTP/\(major).\(minor)" }
}

/// The request line and header fields of one request.
package struct HTTPRequestHead: Sendable, Equatable {
    package var method: HTTPMethod
    /// The request-target as sent: origin-form `/path?query`, or `*` for OPTIONS. `HTTPRequestParser` reduces an
    /// absolute-form target (`http://host/path?query`) to its path and query.
    package var target: String
    package var version: HTTPVersion
    package var headers: HTTPHeaders

    package init(method: HTTPMethod, target: String, version: HTTPVersion, headers: HTTPHeaders) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// Whether the connection stays open after the response (RFC 9112 §9.3): HTTP/1.1 unless `close`,
    /// HTTP/1.0 only with `keep-alive`.
    package var keepAlive: Bool {
        if headers.containsToken("close", inField: "Connection") { return false }
        if version == .http1_0 { return headers.containsToken("keep-alive", inField: "Connection") }
        return true
    }

    /// The path part of the target, before any `?` or `#`, still percent-encoded.
    package var path: Substring {
        target.prefix { $0 != "?" && $0 != "#" }
    }
}

extension HTTPRequestHead {
    /// The declared body length, or nil when there is no valid Content-Length field.
    package var contentLength: Int? {
        switch headers.parsedContentLength() {
        case .success(let length): length
        case .failure: nil
        }
    }

    /// Whether a body follows the head: Content-Length above zero or any Transfer-Encoding (RFC 9112 §6.3).
    package var hasBody: Bool {
        headers.contains(name: "Transfer-Encoding") || (contentLength ?? 0) > 0
    }
}
