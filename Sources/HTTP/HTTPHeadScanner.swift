/// Splits the bytes of an HTTP/1.x head into its start line and header fields, enforcing limits per byte.
///
/// Shared by the request and response parsers. It keeps all state between calls, so the result does not
/// depend on how the input is split. The current line accumulates in one reused scratch array and becomes a
/// String once, when its terminator arrives.
struct HTTPHeadScanner: Sendable {
    /// What `scan` stopped on.
    enum Step {
        case needMore
        /// `line` holds the start line (without its terminator) until the next call to `scan`.
        case startLine
        /// The empty line after the header section was consumed; `headers` is complete.
        case complete
        case failed(HTTPParseError)
    }

    private enum Phase {
        case startLine
        case headerLines
        case complete
        case failed(HTTPParseError)
    }

    // RFC 9112 §2.2 asks servers to ignore "at least one" empty line before the request line (clients
    // sometimes add CRLF after a body). A small bound keeps a peer from streaming CRLFs forever.
    static let maxEmptyLinesBeforeStart = 16

    let limits: HTTPLimits
    /// What to report when the start line outgrows `limits.maxRequestLineLength`.
    let startLineTooLong: HTTPParseError
    /// The current line, without CR or LF.
    private(set) var line: [UInt8] = []
    private(set) var headers = HTTPHeaders()
    /// Whether any byte of this head has been consumed.
    private(set) var consumedAny = false
    private var phase = Phase.startLine
    private var pendingCR = false
    private var clearLineOnResume = false
    private var headerBytes = 0
    private var emptyLinesBeforeStart = 0

    init(limits: HTTPLimits, startLineTooLong: HTTPParseError) {
        self.limits = limits
        self.startLineTooLong = startLineTooLong
        line.reserveCapacity(256)
    }

    /// Forgets the current head, keeping the scratch buffer's capacity.
    mutating func reset() {
        line.removeAll(keepingCapacity: true)
        headers = HTTPHeaders()
        consumedAny = false
        phase = .startLine
        pendingCR = false
        clearLineOnResume = false
        headerBytes = 0
        emptyLinesBeforeStart = 0
    }

    /// Marks the head failed for a reason found by the owner (a bad start line or framing).
    mutating func fail(_ error: HTTPParseError) {
        phase = .failed(error)
    }

    /// Consumes bytes up to the end of the start line, the end of the head, an error, or the end of `buffer`.
    mutating func scan(_ buffer: UnsafeRawBufferPointer, index: inout Int) -> Step {
        switch phase {
        case .complete: return .complete
        case .failed(let error): return .failed(error)
        case .startLine, .headerLines: break
        }
        if clearLineOnResume {
            clearLineOnResume = false
            line.removeAll(keepingCapacity: true)
        }
        while index < buffer.count {
            let byte = buffer[index]
            if pendingCR && byte != HTTPASCII.lf {
                // RFC 9112 §2.2: a bare CR is invalid; rejecting is one of the two permitted reactions.
                return failing(.badRequest("CR not followed by LF"))
            }
            let inHeaders: Bool
            if case .headerLines = phase { inHeaders = true } else { inHeaders = false }
            if inHeaders {
                // Counted before consuming, so the head fails the moment it would exceed the limit and the
                // offending byte stays unconsumed.
                if headerBytes >= limits.maxHeaderBytes { return failing(.headersTooLarge) }
                headerBytes += 1
            }
            switch byte {
            case HTTPASCII.cr:
                pendingCR = true
            case HTTPASCII.lf:
                // RFC 9112 §2.2 lets a recipient accept a bare LF as a line terminator.
                pendingCR = false
                index += 1
                consumedAny = true
                if let step = endOfLine() { return step }
                continue
            default:
                if inHeaders {
                    // RFC 9112 §5.2: obs-fold (a line starting with SP or HTAB) is rejected outside
                    // message/http; RFC 9112 §2.2 likewise for whitespace before the first field.
                    if line.isEmpty && (byte == HTTPASCII.sp || byte == HTTPASCII.ht) {
                        return failing(.badRequest("obsolete line folding"))
                    }
                } else if line.count >= limits.maxRequestLineLength {
                    // RFC 9112 §3: fail as soon as the limit is passed rather than buffering to the CRLF.
                    return failing(startLineTooLong)
                }
                line.append(byte)
            }
            index += 1
            consumedAny = true
        }
        return .needMore
    }

    private mutating func failing(_ error: HTTPParseError) -> Step {
        phase = .failed(error)
        return .failed(error)
    }

    /// Handles a complete line in `line`; nil means keep scanning.
    private mutating func endOfLine() -> Step? {
        if case .startLine = phase {
            if line.isEmpty {
                emptyLinesBeforeStart += 1
                if emptyLinesBeforeStart > Self.maxEmptyLinesBeforeStart {
                    return failing(.badRequest("too many empty lines before the start line"))
                }
                return nil
            }
            phase = .headerLines
            clearLineOnResume = true
            return .startLine
        }
        if line.isEmpty {
            phase = .complete
            return .complete
        }
        if let error = addField() { return failing(error) }
        line.removeAll(keepingCapacity: true)
        return nil
    }

    /// Parses `line` as `field-name ":" OWS field-value OWS` (RFC 9112 §5) and appends it.
    private mutating func addField() -> HTTPParseError? {
        guard let colon = line.firstIndex(of: HTTPASCII.colon) else {
            return .badRequest("header line without a colon")
        }
        if colon == 0 { return .badRequest("empty header field name") }
        for byte in line[..<colon] where !HTTPASCII.isTChar(byte) {
            // RFC 9112 §5.1: whitespace between the field name and the colon MUST be rejected with 400
            // (it has enabled request smuggling through lenient intermediaries).
            if byte == HTTPASCII.sp || byte == HTTPASCII.ht {
                return .badRequest("whitespace between header field name and colon")
            }
            return .badRequest("invalid character in header field name")
        }
        var start = colon + 1
        var end = line.count
        while start < end && (line[start] == HTTPASCII.sp || line[start] == HTTPASCII.ht) { start += 1 }
        while end > start && (line[end - 1] == HTTPASCII.sp || line[end - 1] == HTTPASCII.ht) { end -= 1 }
        for byte in line[start..<end] where !HTTPASCII.isFieldValueByte(byte) {
            return .badRequest("control character in header field value")
        }
        if headers.count >= limits.maxHeaderCount { return .tooManyHeaders }
        // obs-text (0x80-0xFF) that is not UTF-8 becomes U+FFFD: values are Strings, and no field this
        // server interprets legitimately carries non-ASCII bytes.
        headers.add(
            name: String(decoding: line[..<colon], as: UTF8.self),
            value: String(decoding: line[start..<end], as: UTF8.self))
        return nil
    }
}
