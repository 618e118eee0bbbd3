import Support

/// A request path decoded into safe relative path segments for file lookup.
package struct SanitizedPath: Sendable, Equatable {
    /// Decoded segments, never empty, `.` or `..`, and free of `/`, `\` and control characters.
    package var segments: [String]
    /// Whether the request path ended in `/` (ask for a directory's index).
    package var hasTrailingSlash: Bool

    package init(segments: [String], hasTrailingSlash: Bool) {
        self.segments = segments
        self.hasTrailingSlash = hasTrailingSlash
    }
}

/// Turns the path of a request target into segments that cannot escape the directory they are joined to.
package enum PathSanitizer {
    /// Splits on `/`, percent-decodes each segment (RFC 3986 §2.1) and drops empty and `.` segments.
    ///
    /// Every failure is `.badRequest`: a path not starting with `/`, an invalid escape, a decoded segment that is
    /// not UTF-8, a NUL or other control character, a backslash, any `..` segment however it was encoded, and an
    /// encoded slash (`%2F`). The last is rejected rather than treated as a separator: RFC 3986 §2.2 says
    /// `%2F` is data, not a delimiter, and no file name here contains a slash, so accepting it would only
    /// create a second spelling for paths (and a way around prefix checks written against the raw path).
    package static func relativePath(
        fromRequestPath path: some StringProtocol
    ) -> Result<SanitizedPath, HTTPParseError> {
        let bytes = Array(path.utf8.prefix { $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") })
        guard bytes.first == UInt8(ascii: "/") else { return .failure(.badRequest("path must start with '/'")) }
        var segments: [String] = []
        for raw in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            guard let decoded = percentDecode(raw) else { return .failure(.badRequest("invalid percent-encoding")) }
            for byte in decoded {
                switch byte {
                case 0: return .failure(.badRequest("NUL in path"))
                case UInt8(ascii: "/"): return .failure(.badRequest("encoded slash in path segment"))
                case UInt8(ascii: "\\"): return .failure(.badRequest("backslash in path"))
                case ..<0x20, 0x7F: return .failure(.badRequest("control character in path"))
                default: continue
                }
            }
            if decoded.elementsEqual(".".utf8) { continue }
            if decoded.elementsEqual("..".utf8) { return .failure(.badRequest("'..' segment in path")) }
            guard let segment = String(validating: decoded, as: UTF8.self) else {
                return .failure(.badRequest("path is not UTF-8"))
            }
            segments.append(segment)
        }
        return .success(SanitizedPath(segments: segments, hasTrailingSlash: bytes.last == UInt8(ascii: "/")))
    }

    /// Decodes `%XX` escapes; nil when a `%` is not followed by two hex digits.
    static func percentDecode(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte != UInt8(ascii: "%") {
                out.append(byte)
                i += 1
                continue
            }
            guard i + 2 < bytes.endIndex, let high = Hex.value(of: bytes[i + 1]), let low = Hex.value(of: bytes[i + 2])
            else {
                return nil
            }
            out.append(high << 4 | low)
            i += 3
        }
        return out
    }

    /// Percent-encodes one segment for use in a URI path (RFC 3986 §3.3: pchar stays as is).
    static func percentEncode(segment: String) -> String {
        var out: [UInt8] = []
        for byte in segment.utf8 {
            if isPChar(byte) {
                out.append(byte)
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isPChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-._~!$&'()*+,;=:@".utf8.contains(byte)
        }
    }
}
